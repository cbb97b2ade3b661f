// Application Insights on a Log Analytics workspace. Local (key) authentication is disabled: the app's
// identity publishes with Monitoring Metrics Publisher (APPLICATIONINSIGHTS_AUTHENTICATION_STRING). The
// Functions host sends requests and invocations there, the isolated worker its own logs and dependencies
// (Microsoft.Azure.Functions.Worker.ApplicationInsights, with the host.json logging levels).
param logAnalyticsName string
param applicationInsightsName string
param location string
param tags object

@description('Days of log retention (30 is included in the Log Analytics price).')
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

output applicationInsightsName string = applicationInsights.name
output connectionString string = applicationInsights.properties.ConnectionString
output workspaceName string = workspace.name
