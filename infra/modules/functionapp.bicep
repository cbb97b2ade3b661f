// The Flex Consumption plan and the Linux function app. The Functions host starts the published
// McpFunctions.dll as a .NET isolated worker (functionAppConfig.runtime: dotnet-isolated 10.0) and routes each
// HTTP request to the function whose route matches (host.json: routePrefix ""), plus the purge timer.
// App settings are applied by appsettings.bicep, after the resources they reference exist.
param name string
param planName string
param location string
param tags object

@description('The azure.yaml service this app hosts (azd finds the app by the azd-service-name tag).')
param serviceName string

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('https://<account>.blob.core.windows.net/<container>: where azd uploads the deployment package.')
param deploymentContainerUrl string

param maximumInstanceCount int
param instanceMemoryMB int

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': serviceName
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references in app settings are resolved with this identity (there is no system identity).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      // Platform CORS stays empty: the app answers preflights itself (each function declares OPTIONS) and checks
      // Origin on every MCP request (DNS-rebinding protection); platform CORS would answer before the app could,
      // and it cannot expose Mcp-Session-Id, MCP-Protocol-Version or WWW-Authenticate to browser clients.
      cors: {
        allowedOrigins: []
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // Flex Consumption takes the worker runtime from here; it rejects FUNCTIONS_WORKER_RUNTIME (and
      // FUNCTIONS_WORKER_RUNTIME_VERSION) as app settings ("Flex Consumption plan deprecations"), so this is
      // where FUNCTIONS_WORKER_RUNTIME=dotnet-isolated is said.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// App Service Authentication ("Easy Auth") stays off, explicitly, so that turning it on in the portal is
// undone by the next provision. If it were on, the platform would answer the OAuth discovery requests and
// the 401s itself, before the app runs: clients would never see this app's Protected Resource Metadata,
// its WWW-Authenticate challenges, or (in façade mode) its authorization server.
resource authSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: false
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
  }
}

output name string = functionApp.name
output id string = functionApp.id
output defaultHostName string = functionApp.properties.defaultHostName
