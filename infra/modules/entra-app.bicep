// Façade mode with Entra ID upstream: the app registration the façade signs users in with. Entra ID has no
// dynamic client registration, so the façade is the client MCP clients register with, and this one
// registration is the façade's own client at Entra ID.
//
// No client secret: a federated identity credential trusts the app's user-assigned managed identity. The
// façade gets a token for audience api://AzureADTokenExchange from the identity and presents it to Entra ID
// as its client assertion (workload identity federation). Creating the registration needs permission to
// register applications in the tenant (the default for members; otherwise Application Developer).
extension 'br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:1.0.0'

@description('Stable key of the registration in this template (Microsoft Graph uniqueName).')
param uniqueName string

param displayName string

@description('The façade\'s callback, https://<app host>/callback.')
param redirectUri string

@description('Object (principal) id of the user-assigned managed identity the registration trusts.')
param managedIdentityPrincipalId string

// Microsoft Graph's delegated OpenID Connect permissions: sign-in and the claims the façade reads. No
// offline_access: the façade issues its own refresh tokens and does not keep Entra's (Facade:Upstream:KeepUpstreamRefreshToken).
var microsoftGraphAppId = '00000003-0000-0000-c000-000000000000'
var openIdScopes = [
  '37f7f235-527c-4136-accd-4a02d197296e' // openid
  '14dad69e-099b-42c9-810b-d002981feec1' // profile
  '64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0' // email
]

resource application 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: uniqueName
  displayName: displayName
  signInAudience: 'AzureADMyOrg'
  web: {
    redirectUris: [
      redirectUri
    ]
    implicitGrantSettings: {
      enableAccessTokenIssuance: false
      enableIdTokenIssuance: false
    }
  }
  requiredResourceAccess: [
    {
      resourceAppId: microsoftGraphAppId
      resourceAccess: [
        for scopeId in openIdScopes: {
          id: scopeId
          type: 'Scope'
        }
      ]
    }
  ]

  resource managedIdentityCredential 'federatedIdentityCredentials@v1.0' = {
    name: '${application.uniqueName}/app-managed-identity'
    description: 'The McpFunctions app\'s user-assigned managed identity authenticates as this application (no secret).'
    issuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
    subject: managedIdentityPrincipalId
    audiences: [
      'api://AzureADTokenExchange'
    ]
  }
}

// Users of this tenant sign in to an application through its service principal.
resource servicePrincipal 'Microsoft.Graph/servicePrincipals@v1.0' = {
  appId: application.appId
}

output clientId string = application.appId
output objectId string = application.id
output servicePrincipalId string = servicePrincipal.id
