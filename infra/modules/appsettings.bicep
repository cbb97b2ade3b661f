// Every app setting of the function app, in one place (this resource replaces the whole set on each
// provision). Names follow the app's configuration keys with `__` for `:`; docs/deploy.md lists them.
param functionAppName string
param storageBlobEndpoint string
param storageTableEndpoint string
param identityClientId string
param applicationInsightsConnectionString string
param publicBaseUrl string
param sessionTableName string
param authMode string
param authMethodPolicy string
param authAuthority string
param authAudience string
param facadeUpstream string
param facadeUpstreamAuthority string
param facadeUpstreamClientId string
param keyVaultName string
param signingKeySecretName string
param upstreamClientSecretName string
param additionalAppSettings object = {}

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

var isFacade = authMode == 'Facade'

var hostSettings = {
  // FUNCTIONS_WORKER_RUNTIME is deliberately absent: Flex Consumption takes dotnet-isolated from
  // functionAppConfig.runtime (functionapp.bicep) and rejects the app setting.

  // Identity-based storage (shared keys are off). The host uses the blob endpoint (its keys and the purge
  // timer's schedule monitor and singleton lock); the app's own Table client reads the same connection
  // (__tableServiceUri, __credential, __clientId).
  AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
  AzureWebJobsStorage__tableServiceUri: storageTableEndpoint
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId

  // Telemetry with Microsoft Entra authentication (the component has local auth disabled). The host sends its
  // requests and invocations; the worker sends its own logs and dependencies (Worker.ApplicationInsights).
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

var appSettings = {
  // The resource identifier clients and tokens must agree on (also derivable from WEBSITE_HOSTNAME).
  Mcp__PublicBaseUrl: publicBaseUrl
  Sessions__TableName: sessionTableName
  Auth__Mode: authMode
  Auth__MethodPolicy: authMethodPolicy
}

var externalSettings = authMode == 'External' ? {
  Auth__Authority: authAuthority
} : {}

// An extra accepted audience only when one is given (an empty Auth__Audiences__0 would be a bad audience).
var externalAudienceSettings = authMode == 'External' && !empty(authAudience) ? {
  Auth__Audiences__0: authAudience
} : {}

var facadeSettings = isFacade ? {
  Facade__SigningKey: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${signingKeySecretName})'
  Facade__Upstream__Authority: facadeUpstreamAuthority
  Facade__Upstream__ClientId: facadeUpstreamClientId
  Facade__Upstream__Scopes__0: 'openid'
  Facade__Upstream__Scopes__1: 'profile'
  Facade__Upstream__Scopes__2: 'email'
} : {}

// Entra ID: no secret. The façade authenticates with a client assertion from the managed identity,
// trusted by the federated identity credential on the app registration (entra-app.bicep).
var facadeEntraSettings = isFacade && facadeUpstream == 'Entra' ? {
  Facade__Upstream__UseManagedIdentityFederation: 'true'
  Facade__Upstream__ManagedIdentityClientId: identityClientId
} : {}

// Any other OpenID provider: its client secret, from Key Vault.
var facadeOidcSettings = isFacade && facadeUpstream == 'Oidc' ? {
  Facade__Upstream__ClientSecret: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${upstreamClientSecretName})'
} : {}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(hostSettings, appSettings, externalSettings, externalAudienceSettings, facadeSettings, facadeEntraSettings, facadeOidcSettings, additionalAppSettings)
}
