// McpFunctions on Azure Functions Flex Consumption, deployed with `azd up` (see docs/deploy.md).
//
// What this creates, in one resource group:
//   - a user-assigned managed identity: the app's only credential (storage, Application Insights,
//     Key Vault, and, in façade mode with Entra ID, the federated credential of the app registration);
//   - a storage account with shared keys disabled: the deployment package container (blob), the Functions
//     host's own blobs, and the tables the app keeps its state in;
//   - Log Analytics + Application Insights (local auth disabled, the identity publishes);
//   - a Flex Consumption (FC1) plan and a Linux function app that runs McpFunctions.dll as a .NET isolated
//     worker (one HTTP function per route, a timer for the expired-row purge);
//   - façade mode only: a Key Vault with the façade's token-signing key (and an upstream client secret
//     for non-Entra upstreams), and, for Entra ID, an app registration made with the Microsoft Graph
//     Bicep extension.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names and tags every resource.')
param environmentName string

@minLength(1)
@description('Region for every resource. Flex Consumption is not in every region: `az functionapp list-flexconsumption-locations`.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the user running azd (AZURE_PRINCIPAL_ID, set by azd). Gets table access for debugging, since shared keys are off. Empty: none.')
param principalId string = ''

@description('External: an external authorization server issues the tokens (Auth0 as in docs/auth-auth0.md). Facade: this app is the authorization server for MCP clients and signs users in at an upstream IdP (docs/auth-entra.md).')
@allowed([
  'External'
  'Facade'
])
param authMode string = 'Facade'

@description('Which JSON-RPC methods need a token: Strict (every request, as the MCP spec requires) or Seed (the first seed\'s matrix).')
@allowed([
  'Strict'
  'Seed'
])
param authMethodPolicy string = 'Strict'

@description('External mode: the authorization server\'s issuer, e.g. https://your-tenant.auth0.com/ (with the trailing slash Auth0 puts in `iss`).')
param authAuthority string = ''

@description('External mode: an audience to accept besides the MCP URL itself (e.g. an Auth0 API identifier that is not the MCP URL). Empty: only the MCP URL.')
param authAudience string = ''

@description('Façade mode: Entra (an app registration is created here, authenticated by the managed identity, no secret) or Oidc (any other OpenID provider; its client id and secret are yours).')
@allowed([
  'Entra'
  'Oidc'
])
param facadeUpstream string = 'Entra'

@description('Façade mode with the Oidc upstream: the provider\'s issuer URL. Ignored for Entra (the tenant\'s v2.0 issuer is used).')
param facadeUpstreamAuthority string = ''

@description('Façade mode with the Oidc upstream: the client id registered at the provider with redirect URI https://<app host>/callback.')
param facadeUpstreamClientId string = ''

@secure()
@description('Façade mode with the Oidc upstream: the client secret. Stored in Key Vault and referenced from the app settings, never in an app setting itself. Empty: set the Key Vault secret yourself (docs/auth-entra.md).')
param facadeUpstreamClientSecret string = ''

@description('Façade mode: how the token-signing key gets into Key Vault. DeploymentScript: generated during provisioning if absent (kept on re-provisioning). Manual: you store it (docs/deploy.md).')
@allowed([
  'DeploymentScript'
  'Manual'
])
param facadeSigningKeySource string = 'DeploymentScript'

@description('Public base URL clients use (scheme and host). Empty: https://<default host name> of the function app. Set it when you add a custom domain.')
param publicBaseUrl string = ''

@description('Upper bound of instances the app scales out to (Flex Consumption: 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per instance in MB (Flex Consumption: 512, 2048 or 4096).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('More app settings, merged over the template\'s (e.g. {"Auth__Userinfo__Enabled": "true"}). Settings changed in the portal are overwritten by the next `azd provision`; put them here instead.')
param additionalAppSettings object = {}

var tags = {
  'azd-env-name': environmentName
}
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var functionAppName = 'func-mcp-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'
var isFacade = authMode == 'Facade'
var isEntraFacade = isFacade && facadeUpstream == 'Entra'

// Table names: the defaults of the app's options (Sessions:TableName, Facade:Storage:*TableName,
// Maintenance:LeaseTableName). Created here so that the first request does not pay for table creation; the
// app still creates a missing table on first use, tolerating "already exists". A contract test keeps this
// list in step with the options classes.
var sessionTableName = 'McpSessions'
var tableNames = [
  sessionTableName
  'OAuthClients'
  'OAuthPendingAuthorizations'
  'OAuthCodes'
  'OAuthGrants'
  'OAuthSigningKeys'
  'DataProtectionKeys'
  'Maintenance'
]

// Key Vault secret names (referenced from app settings with @Microsoft.KeyVault(VaultName=...;SecretName=...)).
var signingKeySecretName = 'facade-signing-key'
var upstreamClientSecretName = 'facade-upstream-client-secret'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-mcp-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-mcp-${resourceToken}'
    applicationInsightsName: 'appi-mcp-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'stmcp${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    tableNames: tableNames
  }
}

module keyVault 'modules/keyvault.bicep' = if (isFacade) {
  name: 'keyvault'
  scope: rg
  params: {
    name: 'kv-mcp-${resourceToken}'
    location: location
    tags: tags
    readerPrincipalId: identity.outputs.principalId
    upstreamClientSecretName: upstreamClientSecretName
    upstreamClientSecret: facadeUpstream == 'Oidc' ? facadeUpstreamClientSecret : ''
  }
}

module signingKey 'modules/signing-key.bicep' = if (isFacade && facadeSigningKeySource == 'DeploymentScript') {
  name: 'facade-signing-key'
  scope: rg
  params: {
    location: location
    tags: tags
    keyVaultName: keyVault!.outputs.name
    secretName: signingKeySecretName
    identityName: 'id-mcp-keygen-${resourceToken}'
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    appPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    name: functionAppName
    planName: 'plan-mcp-${resourceToken}'
    location: location
    tags: tags
    serviceName: 'mcp'
    identityId: identity.outputs.id
    deploymentContainerUrl: '${storage.outputs.blobEndpoint}${deploymentContainerName}'
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
}

// Entra ID upstream: the app registration needs the app's host name (redirect URI), and the app settings
// need the registration's client id, so the settings are a separate step after both.
module entraApp 'modules/entra-app.bicep' = if (isEntraFacade) {
  name: 'entra-app'
  scope: rg
  params: {
    uniqueName: 'mcpfunctions-${resourceToken}'
    displayName: 'McpFunctions (${environmentName})'
    redirectUri: '${effectiveBaseUrl}/callback'
    managedIdentityPrincipalId: identity.outputs.principalId
  }
}

// The tenant's v2.0 issuer, e.g. https://login.microsoftonline.com/<tenant>/v2.0 (sovereign clouds differ).
var entraAuthority = '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
var appHost = functionApp.outputs.defaultHostName
var effectiveBaseUrl = empty(publicBaseUrl) ? 'https://${appHost}' : publicBaseUrl

module appSettings 'modules/appsettings.bicep' = {
  name: 'appsettings'
  scope: rg
  params: {
    functionAppName: functionApp.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    identityClientId: identity.outputs.clientId
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    publicBaseUrl: effectiveBaseUrl
    sessionTableName: sessionTableName
    authMode: authMode
    authMethodPolicy: authMethodPolicy
    authAuthority: authAuthority
    authAudience: authAudience
    facadeUpstream: facadeUpstream
    facadeUpstreamAuthority: isEntraFacade ? entraAuthority : facadeUpstreamAuthority
    facadeUpstreamClientId: isEntraFacade ? entraApp!.outputs.clientId : facadeUpstreamClientId
    keyVaultName: isFacade ? keyVault!.outputs.name : ''
    signingKeySecretName: signingKeySecretName
    upstreamClientSecretName: upstreamClientSecretName
    additionalAppSettings: additionalAppSettings
  }
  // Key Vault references are resolved when the settings change: the secrets and the identity's access to
  // them must exist by then, or the unresolved reference stays until the next refresh (up to 24 h).
  dependsOn: [
    rbac
    signingKey
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name

@description('Paste this into Claude.ai: Settings → Connectors → Add custom connector.')
output MCP_URL string = '${effectiveBaseUrl}/mcp'

@description('Protected Resource Metadata (RFC 9728) for the MCP URL: the first thing a client reads after a 401.')
output PRM_URL string = '${effectiveBaseUrl}/.well-known/oauth-protected-resource/mcp'

output FUNCTION_APP_NAME string = functionApp.outputs.name
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
output KEY_VAULT_NAME string = isFacade ? keyVault!.outputs.name : ''
output ENTRA_APP_CLIENT_ID string = isEntraFacade ? entraApp!.outputs.clientId : ''
output FACADE_CALLBACK_URL string = isFacade ? '${effectiveBaseUrl}/callback' : ''
