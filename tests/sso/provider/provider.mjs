// A real OpenID Connect provider for the single sign-on tests (tests/sso/conftest.py starts it on 127.0.0.1).
// The npm package oidc-provider with its development login and consent pages: the login name is the account,
// any password is taken. Usage: node provider.mjs PORT REDIRECT_URI [REDIRECT_URI ...]
import Provider from 'oidc-provider';

const [port, ...redirectUris] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

// Staff of Maassluis; one whose address the provider never verified.
const accounts = {
  'medewerker@maassluis.nl': { email: 'Medewerker@Maassluis.nl', email_verified: true },
  'ongeverifieerd@maassluis.nl': { email: 'ongeverifieerd@maassluis.nl', email_verified: false },
  'nieuw@maassluis.nl': { email: 'nieuw@maassluis.nl', email_verified: true },
  'vrijwilliger@maassluis.nl': { email: 'vrijwilliger@maassluis.nl', email_verified: true },
};

const client = (id) => ({
  client_id: id,
  client_secret: `${id}-secret`,
  redirect_uris: redirectUris,
  grant_types: ['authorization_code'],
  response_types: ['code'],
});

const provider = new Provider(issuer, {
  clients: [client('doemee-maassluis'), client('ander-systeem')],
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  // The address and whether it was verified in the id token itself, as Keycloak and Entra ID send them.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => true },
  // Short-lived id tokens, so that a test can move DoeMee's clock past their expiry.
  ttl: { IdToken: 120, AccessToken: 120, AuthorizationCode: 60, Interaction: 600, Session: 600, Grant: 600 },
  cookies: { keys: ['doemee-test-provider-only'] },
  async findAccount(ctx, id) {
    const account = accounts[id.toLowerCase()];
    if (!account) return undefined;
    return { accountId: id.toLowerCase(), async claims() { return { sub: id.toLowerCase(), ...account }; } };
  },
});

provider.listen(Number(port), '127.0.0.1', () => console.log(`listening ${issuer}`));
