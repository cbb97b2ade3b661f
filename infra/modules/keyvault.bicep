// Façade mode: the vault holding the façade's token-signing key (and, for a non-Entra upstream, its client
// secret). Access is by Azure RBAC only; the app's identity may read secrets, nothing more. App settings
// reference the secrets (@Microsoft.KeyVault(...)), so no secret value is ever an app setting or in source.
param name string
param location string
param tags object

@description('Principal (the app\'s managed identity) that reads the secrets.')
param readerPrincipalId string

param upstreamClientSecretName string

@secure()
@description('Non-Entra upstream client secret to store; empty: none is written (set it yourself).')
param upstreamClientSecret string = ''

// Key Vault Secrets User: read secret values (what Key Vault references need).
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource appSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, readerPrincipalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource upstreamSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(upstreamClientSecret)) {
  parent: vault
  name: upstreamClientSecretName
  properties: {
    value: upstreamClientSecret
    contentType: 'text/plain'
  }
}

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
