// Façade mode: generates the façade's token-signing key inside Azure, once. A deployment script (Azure CLI
// in a short-lived container) creates an RSA 3072 private key, PEM (PKCS#8), and stores it as a Key Vault
// secret unless the secret already exists, so re-provisioning never rotates the key (rotation: docs/deploy.md).
// The key never leaves Azure and never appears in a template, parameter, output or log.
//
// The script runs under its own identity with Key Vault Secrets Officer on this vault only; the app's
// identity can only read. Deployment scripts need the Microsoft.ContainerInstance resource provider and
// create a temporary storage account of their own (deleted afterwards). Where a policy forbids that,
// provision with FACADE_SIGNING_KEY_SOURCE=Manual and store the key yourself (docs/deploy.md).
param location string
param tags object
param keyVaultName string
param secretName string
param identityName string

@description('Changes on every deployment so the script re-checks that the secret exists (it only ever creates).')
param runTag string = utcNow()

// Key Vault Secrets Officer: create secrets (the script only; the app reads with Secrets User).
var keyVaultSecretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource scriptIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
  tags: tags
}

resource scriptSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, scriptIdentity.id, keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficer)
    principalId: scriptIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource generateKey 'Microsoft.Resources/deploymentScripts@2023-08-01' = {
  name: 'generate-facade-signing-key'
  location: location
  tags: tags
  kind: 'AzureCLI'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${scriptIdentity.id}': {}
    }
  }
  properties: {
    azCliVersion: '2.67.0'
    forceUpdateTag: runTag
    timeout: 'PT15M'
    retentionInterval: 'PT1H'
    cleanupPreference: 'Always'
    environmentVariables: [
      {
        name: 'VAULT_NAME'
        value: vault.name
      }
      {
        name: 'SECRET_NAME'
        value: secretName
      }
    ]
    // A new role assignment can take minutes to apply: the script retries the first vault call.
    scriptContent: '''
set -eu
attempt=0
until state=$(az keyvault secret list --vault-name "$VAULT_NAME" --query "[?name=='$SECRET_NAME'] | length(@)" -o tsv 2>/tmp/err); do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 30 ]; then cat /tmp/err; exit 1; fi
  sleep 10
done
if [ "$state" != "0" ]; then
  echo "Secret $SECRET_NAME exists; keeping it."
  exit 0
fi
umask 077
if command -v openssl >/dev/null 2>&1; then
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out /tmp/signing-key.pem 2>/dev/null
else
  python3 -c "from cryptography.hazmat.primitives.asymmetric import rsa; from cryptography.hazmat.primitives import serialization as s; k = rsa.generate_private_key(public_exponent=65537, key_size=3072); open('/tmp/signing-key.pem', 'wb').write(k.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption()))"
fi
az keyvault secret set --vault-name "$VAULT_NAME" --name "$SECRET_NAME" --file /tmp/signing-key.pem --content-type application/x-pem-file --query id -o tsv >/dev/null
rm -f /tmp/signing-key.pem
echo "Secret $SECRET_NAME created."
'''
  }
  dependsOn: [
    scriptSecretsOfficer
  ]
}

output secretName string = secretName
