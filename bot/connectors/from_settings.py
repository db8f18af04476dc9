"""The CRM connector the settings name (RAMPCOACH_CRM), built with its credentials."""

from bot.connectors.base import CrmConnector
from bot.connectors.hubspot import HubSpotClient
from bot.connectors.salesforce import SalesforceClient
from bot.connectors.salesforce_auth import ClientCredentials, Grant, JwtBearer
from bot.settings import Settings, SettingsError


def crm_connector(settings: Settings) -> CrmConnector:
    """Return the configured CRM's client, or raise SettingsError naming the missing setting."""
    settings.require("rampcoach_crm")
    if settings.rampcoach_crm == "hubspot":
        return HubSpotClient(settings.secret("hubspot_token"), base_url=settings.hubspot_api_url)
    return SalesforceClient(_grant(settings), api_version=settings.salesforce_api_version)


def _grant(settings: Settings) -> Grant:
    settings.require("salesforce_client_id")
    client_id = settings.salesforce_client_id or ""
    login = settings.salesforce_login_url
    if settings.salesforce_client_secret is not None:
        return ClientCredentials(client_id, settings.secret("salesforce_client_secret"), login)
    if settings.salesforce_username is None or settings.salesforce_private_key_file is None:
        raise SettingsError(
            "SALESFORCE_CLIENT_SECRET (client credentials) or SALESFORCE_USERNAME and "
            "SALESFORCE_PRIVATE_KEY_FILE (JWT bearer) must be set"
        )
    try:
        key = settings.salesforce_private_key_file.read_bytes()
    except OSError as error:
        raise SettingsError(f"SALESFORCE_PRIVATE_KEY_FILE: cannot read it ({error})") from None
    return JwtBearer(client_id, settings.salesforce_username, key, login.rstrip("/"))
