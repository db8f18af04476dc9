"""Salesforce OAuth 2.0 for a server: the JWT bearer flow (a connected app's certificate and a user) or
the client credentials flow (a connected app's key and secret, run as its configured user).

https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm and
https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_client_credentials_flow.htm
The JWT is signed RS256 with `cryptography` (already a dependency), not a JWT library.
"""

import base64
import json
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from pydantic import BaseModel, ValidationError

from bot.connectors.base import ConnectorError

TOKEN_PATH = "/services/oauth2/token"  # noqa: S105 (a URL path, not a secret)
JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
JWT_LIFETIME_S = 180  # Salesforce accepts an assertion that expires within 3 minutes


class SalesforceError(ConnectorError):
    """Salesforce refused, kept failing, or answered something this connector cannot read."""


@dataclass(frozen=True)
class Session:
    access_token: str
    instance_url: str


class _Token(BaseModel):
    access_token: str
    instance_url: str


@dataclass(frozen=True)
class JwtBearer:
    """Sign in as `username` with the connected app `client_id` and the private key of its certificate."""

    client_id: str
    username: str
    private_key_pem: bytes
    login_url: str = "https://login.salesforce.com"
    now: Callable[[], float] = time.time

    def form(self) -> dict[str, str]:
        """Return the token request's form: a freshly signed assertion."""
        return {"grant_type": JWT_GRANT, "assertion": self.assertion()}

    def assertion(self) -> str:
        """Return the signed JWT: iss the app, sub the user, aud the login server, a short expiry."""
        key = serialization.load_pem_private_key(self.private_key_pem, password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise SalesforceError("the Salesforce private key must be an RSA key (RS256)")
        claims = {
            "iss": self.client_id,
            "sub": self.username,
            "aud": self.login_url.rstrip("/"),
            "exp": int(self.now()) + JWT_LIFETIME_S,
        }
        signing_input = f"{_b64(json.dumps({'alg': 'RS256'}))}.{_b64(json.dumps(claims))}"
        signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        return f"{signing_input}.{_b64(signature)}"


@dataclass(frozen=True)
class ClientCredentials:
    """Sign in as the connected app's run-as user; the token endpoint is the org's My Domain."""

    client_id: str
    client_secret: str
    login_url: str  # https://MyDomainName.my.salesforce.com

    def form(self) -> dict[str, str]:
        return {
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }


Grant = JwtBearer | ClientCredentials


def sign_in(http: httpx.Client, grant: Grant) -> Session:
    """Return a fresh session (token and instance URL), or raise SalesforceError saying why not."""
    url = grant.login_url.rstrip("/") + TOKEN_PATH
    try:
        response = http.post(url, data=grant.form())
    except httpx.TransportError as error:
        raise SalesforceError(f"POST {TOKEN_PATH}: {type(error).__name__}: {error}") from None
    if response.status_code != 200:
        raise SalesforceError(f"POST {TOKEN_PATH}: Salesforce refused the sign-in: {_oauth_error(response)}")
    try:
        token = _Token.model_validate(response.json())
    except ValueError:
        raise SalesforceError(f"POST {TOKEN_PATH}: unexpected response") from None
    return Session(token.access_token, token.instance_url.rstrip("/"))


def _oauth_error(response: httpx.Response) -> str:
    try:
        body = response.json()
        return f"{body['error']}: {body.get('error_description', '')}"[:200]
    except (ValueError, KeyError, TypeError, ValidationError):
        return f"HTTP {response.status_code}"


def _b64(data: str | bytes) -> str:
    raw = data.encode() if isinstance(data, str) else data
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
