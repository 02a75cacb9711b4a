//! Firefox's CORS console messages, per locale, as `security.properties` spells them.
//!
//! Sources (the sentence patterns only; `%1$S` is the URL, `%2$S` what [`FirefoxKey::second`]
//! says):
//! - en-US: `mozilla/gecko-dev:dom/locales/en-US/chrome/security/security.properties` (current
//!   keys) and the keys they replaced (`CORSDidNotSucceed`, `CORSMissingAllowOrigin`,
//!   `CORSPreflightDidNotSucceed`, `CORSMissingAllowHeaderFromPreflight`, as a Firefox 68 tree
//!   still has them), see research/fetch-firefox-safari.md §2.1.
//! - every other locale: `mozilla-l10n/firefox-l10n:<locale>/dom/chrome/security/security.properties`.
//!   A locale keeps an old key until its translators update it, so old and new keys are mixed
//!   (es-ES, zh-CN and ja still print the messages without a status code).

use crate::fetch::CorsError;

/// A CORS message key of `security.properties`, old and current versions folded together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FirefoxKey {
    Disabled,
    DidNotSucceed,
    OriginHeaderNotAdded,
    ExternalRedirectNotAllowed,
    RequestNotHttp,
    MissingAllowOrigin,
    MultipleAllowOriginNotAllowed,
    AllowOriginNotMatchingOrigin,
    NotSupportingCredentials,
    MethodNotFound,
    MissingAllowCredentials,
    PreflightDidNotSucceed,
    InvalidAllowMethod,
    InvalidAllowHeader,
    MissingAllowHeaderFromPreflight,
    /// A warning, not a block (Authorization not covered by `Access-Control-Allow-Headers: *`).
    AllowHeaderFromPreflightDeprecation,
    /// Firefox 30 and before: blocked, no reason printed (`CrossSiteRequestBlocked`).
    Blocked,
}

/// What `%2$S` holds in a key's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Second {
    None,
    /// The response status (`(null)` when there was none).
    Status,
    /// The `Access-Control-Allow-Origin` value received.
    AllowOrigin,
    /// The list item that is not a token.
    Token,
    /// The request header the preflight did not allow.
    Header,
}

impl FirefoxKey {
    /// The CorsError the message means (Chromium's name), `None` when it is not one verdict.
    pub fn cors_error(self) -> Option<CorsError> {
        use CorsError::*;
        Some(match self {
            FirefoxKey::MissingAllowOrigin => MissingAllowOriginHeader,
            FirefoxKey::MultipleAllowOriginNotAllowed => MultipleAllowOriginValues,
            FirefoxKey::AllowOriginNotMatchingOrigin => AllowOriginMismatch,
            FirefoxKey::NotSupportingCredentials => WildcardOriginNotAllowed,
            FirefoxKey::MissingAllowCredentials => InvalidAllowCredentials,
            FirefoxKey::MethodNotFound => MethodDisallowedByPreflightResponse,
            FirefoxKey::InvalidAllowMethod => InvalidAllowMethodsPreflightResponse,
            FirefoxKey::InvalidAllowHeader => InvalidAllowHeadersPreflightResponse,
            FirefoxKey::MissingAllowHeaderFromPreflight => HeaderDisallowedByPreflightResponse,
            FirefoxKey::PreflightDidNotSucceed => PreflightInvalidStatus,
            FirefoxKey::RequestNotHttp => CorsDisabledScheme,
            _ => return None,
        })
    }

    /// The CorsErrors the message leaves open (empty when it means exactly one, or none).
    pub fn open(self) -> &'static [CorsError] {
        use CorsError::*;
        match self {
            // Firefox does not say whether the preflight or the response lacked it.
            FirefoxKey::MissingAllowOrigin => {
                &[MissingAllowOriginHeader, PreflightMissingAllowOriginHeader]
            }
            // An invalid value and a mismatch read the same; a one-line list too.
            FirefoxKey::AllowOriginNotMatchingOrigin => &[
                AllowOriginMismatch,
                InvalidAllowOriginValue,
                MultipleAllowOriginValues,
                PreflightAllowOriginMismatch,
                PreflightInvalidAllowOriginValue,
                PreflightMultipleAllowOriginValues,
            ],
            FirefoxKey::MultipleAllowOriginNotAllowed => &[
                MultipleAllowOriginValues,
                PreflightMultipleAllowOriginValues,
            ],
            FirefoxKey::NotSupportingCredentials => {
                &[WildcardOriginNotAllowed, PreflightWildcardOriginNotAllowed]
            }
            FirefoxKey::MissingAllowCredentials => {
                &[InvalidAllowCredentials, PreflightInvalidAllowCredentials]
            }
            // Any failed preflight, a redirected one included.
            FirefoxKey::PreflightDidNotSucceed => {
                &[PreflightInvalidStatus, PreflightDisallowedRedirect]
            }
            FirefoxKey::ExternalRedirectNotAllowed => &[
                PreflightDisallowedRedirect,
                RedirectContainsCredentials,
                MissingAllowOriginHeader,
            ],
            _ => &[],
        }
    }

    /// What `%2$S` holds.
    pub fn second(self) -> Second {
        match self {
            FirefoxKey::DidNotSucceed
            | FirefoxKey::MissingAllowOrigin
            | FirefoxKey::PreflightDidNotSucceed => Second::Status,
            FirefoxKey::AllowOriginNotMatchingOrigin => Second::AllowOrigin,
            FirefoxKey::InvalidAllowMethod | FirefoxKey::InvalidAllowHeader => Second::Token,
            FirefoxKey::MissingAllowHeaderFromPreflight => Second::Header,
            _ => Second::None,
        }
    }

    /// Whether the message is printed only for a credentialed request (so it says so).
    pub fn says_credentials_included(self) -> bool {
        matches!(
            self,
            FirefoxKey::NotSupportingCredentials | FirefoxKey::MissingAllowCredentials
        )
    }
}

/// One message: locale, the `security.properties` key as spelled in that file, its meaning, the
/// text.
#[derive(Debug, Clone, Copy)]
pub struct FirefoxRow {
    pub locale: &'static str,
    pub property: &'static str,
    pub key: FirefoxKey,
    pub text: &'static str,
}

const fn r(
    locale: &'static str,
    property: &'static str,
    key: FirefoxKey,
    text: &'static str,
) -> FirefoxRow {
    FirefoxRow {
        locale,
        property,
        key,
        text,
    }
}

use FirefoxKey as K;

/// Every CORS message of every locale read, current keys before the ones they replaced.
pub const FIREFOX_ROWS: &[FirefoxRow] = &[
    // en-US, current (dom/locales/en-US/chrome/security/security.properties).
    r("en-US", "CORSDisabled", K::Disabled, "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS disabled)."),
    r("en-US", "CORSDidNotSucceed2", K::DidNotSucceed, "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS request did not succeed). Status code: %2$S."),
    r("en-US", "CORSOriginHeaderNotAdded", K::OriginHeaderNotAdded, "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS header ‘Origin’ cannot be added)."),
    r("en-US", "CORSExternalRedirectNotAllowed", K::ExternalRedirectNotAllowed, "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS request external redirect not allowed)."),
    r("en-US", "CORSRequestNotHttp", K::RequestNotHttp, "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS request not http)."),
    r("en-US", "CORSMissingAllowOrigin2", K::MissingAllowOrigin, "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: %2$S."),
    r("en-US", "CORSMultipleAllowOriginNotAllowed", K::MultipleAllowOriginNotAllowed, "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed)."),
    r("en-US", "CORSAllowOriginNotMatchingOrigin", K::AllowOriginNotMatchingOrigin, "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘%2$S’)."),
    r("en-US", "CORSNotSupportingCredentials", K::NotSupportingCredentials, "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘%1$S’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’)."),
    r("en-US", "CORSMethodNotFound", K::MethodNotFound, "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’)."),
    r("en-US", "CORSMissingAllowCredentials", K::MissingAllowCredentials, "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’)."),
    r("en-US", "CORSPreflightDidNotSucceed3", K::PreflightDidNotSucceed, "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS preflight response did not succeed). Status code: %2$S."),
    r("en-US", "CORSInvalidAllowMethod", K::InvalidAllowMethod, "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: invalid token ‘%2$S’ in CORS header ‘Access-Control-Allow-Methods’)."),
    r("en-US", "CORSInvalidAllowHeader", K::InvalidAllowHeader, "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: invalid token ‘%2$S’ in CORS header ‘Access-Control-Allow-Headers’)."),
    r("en-US", "CORSMissingAllowHeaderFromPreflight2", K::MissingAllowHeaderFromPreflight, "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: header ‘%2$S’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response)."),
    r("en-US", "CORSAllowHeaderFromPreflightDeprecation", K::AllowHeaderFromPreflightDeprecation, "Cross-Origin Request Warning: The Same Origin Policy will disallow reading the remote resource at %1$S soon. (Reason: When the `Access-Control-Allow-Headers` is `*`, the `Authorization` header is not covered. To include the `Authorization` header, it must be explicitly listed in CORS header `Access-Control-Allow-Headers`)."),
    // en-US, the keys the current ones replaced (Firefox 68 and before).
    r("en-US", "CORSDidNotSucceed", K::DidNotSucceed, "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS request did not succeed)."),
    r("en-US", "CORSMissingAllowOrigin", K::MissingAllowOrigin, "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing)."),
    r("en-US", "CORSPreflightDidNotSucceed", K::PreflightDidNotSucceed, "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS preflight channel did not succeed)."),
    r("en-US", "CORSMissingAllowHeaderFromPreflight", K::MissingAllowHeaderFromPreflight, "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: missing token ‘%2$S’ in CORS header ‘Access-Control-Allow-Headers’ from CORS preflight channel)."),
    // en-US, Firefox 30 and before: no reason (`CrossSiteRequestBlocked`).
    r("en-US", "CrossSiteRequestBlocked", K::Blocked, "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. This can be fixed by moving the resource to the same domain or enabling CORS."),
    // en-US, the "did not succeed" reason as Firefox 38 worded it (seen in
    // github.com/xtv-online/live-tools/issues/6).
    r("en-US", "CORSDidNotSucceed (Firefox 38)", K::DidNotSucceed, "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS request failed)."),
    // de (mozilla-l10n/firefox-l10n:de/dom/chrome/security/security.properties).
    r("de", "CORSDisabled", K::Disabled, "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS deaktiviert)."),
    r("de", "CORSDidNotSucceed2", K::DidNotSucceed, "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Anfrage schlug fehl). Statuscode: %2$S."),
    r("de", "CORSOriginHeaderNotAdded", K::OriginHeaderNotAdded, "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Kopfzeile 'Origin' konnte nicht hinzugefügt werden)."),
    r("de", "CORSExternalRedirectNotAllowed", K::ExternalRedirectNotAllowed, "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: Externe Weiterleitung der CORS-Anfrage verboten)."),
    r("de", "CORSRequestNotHttp", K::RequestNotHttp, "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Anfrage war nicht http)."),
    r("de", "CORSMissingAllowOrigin2", K::MissingAllowOrigin, "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Kopfzeile 'Access-Control-Allow-Origin' fehlt). Statuscode: %2$S."),
    r("de", "CORSMultipleAllowOriginNotAllowed", K::MultipleAllowOriginNotAllowed, "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: Es darf nur ein eine CORS-Kopfzeile 'Access-Control-Allow-Origin' verwendet werden)."),
    r("de", "CORSAllowOriginNotMatchingOrigin", K::AllowOriginNotMatchingOrigin, "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Kopfzeile 'Access-Control-Allow-Origin' stimmt nicht mit '%2$S' überein)."),
    r("de", "CORSNotSupportingCredentials", K::NotSupportingCredentials, "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: Berechtigung/Credential wird nicht unterstützt, wenn die CORS-Kopfzeile 'Access-Control-Allow-Origin' auf '*' gesetzt ist)."),
    r("de", "CORSMethodNotFound", K::MethodNotFound, "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: Methode nicht in CORS-Kopfzeile 'Access-Control-Allow-Methods' gefunden)."),
    r("de", "CORSMissingAllowCredentials", K::MissingAllowCredentials, "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: 'true' in CORS-Kopfzeile 'Access-Control-Allow-Credentials' erwartet)."),
    r("de", "CORSPreflightDidNotSucceed3", K::PreflightDidNotSucceed, "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Preflight-Antwort schlug fehl). Statuscode: %2$S."),
    r("de", "CORSInvalidAllowMethod", K::InvalidAllowMethod, "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: ungültiges Token '%2$S' in CORS-Kopfzeile 'Access-Control-Allow-Methods')."),
    r("de", "CORSInvalidAllowHeader", K::InvalidAllowHeader, "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: ungültiges Token '%2$S' in CORS-Kopfzeile 'Access-Control-Allow-Headers')."),
    r("de", "CORSMissingAllowHeaderFromPreflight2", K::MissingAllowHeaderFromPreflight, "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: Kopfzeile '%2$S' ist aufgrund der Kopfzeile 'Access-Control-Allow-Headers' aus der CORS-Preflight-Antwort nicht zulässig)."),
    r("de", "CORSAllowHeaderFromPreflightDeprecation", K::AllowHeaderFromPreflightDeprecation, "Warnung für quellübergreifende (Cross-Origin) Anfrage: Die Gleiche-Quelle-Regel wird das Lesen der externen Ressource auf %1$S bald verbieten. (Grund: Wenn 'Access-Control-Allow-Headers' den Wert '*' hat, wird die 'Authorization'-Kopfzeile nicht eingeschlossen. Um die 'Authorization'-Kopfzeile einzuschließen, muss sie explizit in der CORS-Kopfzeile 'Access-Control-Allow-Headers' aufgeführt werden)."),
    // de, older texts (seen in github.com/HenrikWolf/MagicTools/issues/5 and
    // github.com/FixMyBerlin/fixmy.platform/issues/218).
    r("de", "CORSPreflightDidNotSucceed (older)", K::PreflightDidNotSucceed, "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Preflight-Kanal war nicht erfolgreich)."),
    r("de", "CORSDidNotSucceed (older)", K::DidNotSucceed, "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Anschlag schlug fehl)."),
    // fr (mozilla-l10n/firefox-l10n:fr/dom/chrome/security/security.properties).
    r("fr", "CORSDisabled", K::Disabled, "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : CORS désactivé."),
    r("fr", "CORSDidNotSucceed2", K::DidNotSucceed, "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : échec de la requête CORS. Code d’état : %2$S."),
    r("fr", "CORSOriginHeaderNotAdded", K::OriginHeaderNotAdded, "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : l’en-tête CORS « Origin » ne peut pas être ajouté."),
    r("fr", "CORSExternalRedirectNotAllowed", K::ExternalRedirectNotAllowed, "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : la redirection externe de requêtes CORS n’est pas autorisée."),
    r("fr", "CORSRequestNotHttp", K::RequestNotHttp, "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : la requête CORS n’utilise pas HTTP."),
    r("fr", "CORSMissingAllowOrigin2", K::MissingAllowOrigin, "Blocage d’une requête multiorigines (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : l’en-tête CORS « Access-Control-Allow-Origin » est manquant. Code d’état : %2$S."),
    r("fr", "CORSMultipleAllowOriginNotAllowed", K::MultipleAllowOriginNotAllowed, "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : le recours à plusieurs en-têtes CORS « Access-Control-Allow-Origin » n’est pas autorisé."),
    r("fr", "CORSAllowOriginNotMatchingOrigin", K::AllowOriginNotMatchingOrigin, "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : l’en-tête CORS « Access-Control-Allow-Origin » ne correspond pas à « %2$S »."),
    r("fr", "CORSNotSupportingCredentials", K::NotSupportingCredentials, "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : l’identification n’est pas prise en charge si la valeur de l’en-tête CORS « Access-Control-Allow-Origin » est « * »."),
    r("fr", "CORSMethodNotFound", K::MethodNotFound, "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : méthode manquante dans l’en-tête « Access-Control-Allow-Methods »."),
    r("fr", "CORSMissingAllowCredentials", K::MissingAllowCredentials, "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : « true » attendu dans l’en-tête CORS « Access-Control-Allow-Credentials »."),
    r("fr", "CORSPreflightDidNotSucceed3", K::PreflightDidNotSucceed, "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : échec de la réponse de pré-vérification des requêtes CORS. Code d’état : %2$S."),
    r("fr", "CORSInvalidAllowMethod", K::InvalidAllowMethod, "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : jeton « %2$S » invalide dans l’en-tête CORS « Access-Control-Allow-Methods »."),
    r("fr", "CORSInvalidAllowHeader", K::InvalidAllowHeader, "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : jeton « %2$S » invalide dans l’en-tête CORS « Access-Control-Allow-Headers »."),
    r("fr", "CORSMissingAllowHeaderFromPreflight2", K::MissingAllowHeaderFromPreflight, "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : l’en-tête « %2$S » n’est pas autorisé d’après l’en-tête « Access-Control-Allow-Headers » de la réponse de pré-vérification des requêtes CORS."),
    r("fr", "CORSAllowHeaderFromPreflightDeprecation", K::AllowHeaderFromPreflightDeprecation, "Avertissement de requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permettra bientôt plus de consulter la ressource distante située sur %1$S  (motif : quand la valeur d’« Access-Control-Allow-Headers » est « * », l’en-tête « Authorization » n’est pas traité. Pour que l’en-tête « Authorization » soit inclus, il doit être explicitement listé dans l’en-tête CORS « Access-Control-Allow -Headers »)."),
    // es-ES (mozilla-l10n/firefox-l10n:es-ES/dom/chrome/security/security.properties): old
    // and new keys mixed, two different prefixes.
    r("es-ES", "CORSDisabled", K::Disabled, "Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: CORS desactivado)."),
    r("es-ES", "CORSDidNotSucceed", K::DidNotSucceed, "Solicitud de origen cruzado bloqueada: La misma política de origen no permite la lectura de recursos remotos en %1$S. (Razón: Solicitud CORS sin éxito)."),
    r("es-ES", "CORSOriginHeaderNotAdded", K::OriginHeaderNotAdded, "Solicitud de origen cruzado bloqueada: La misma política de origen no permite leer el recurso remoto en %1$S. (Razón: No se puede agregar el encabezado CORS ‘Origen’)."),
    r("es-ES", "CORSExternalRedirectNotAllowed", K::ExternalRedirectNotAllowed, "Solicitud de origen cruzado bloqueada: La misma política de origen no permite leer el recurso remoto en %1$S. (Razón: No se permite la redirección externa de la solicitud CORS)."),
    r("es-ES", "CORSRequestNotHttp", K::RequestNotHttp, "Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: la solicitud CORS no es http)."),
    r("es-ES", "CORSMissingAllowOrigin", K::MissingAllowOrigin, "Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: falta la cabecera CORS 'Access-Control-Allow-Origin')."),
    r("es-ES", "CORSMultipleAllowOriginNotAllowed", K::MultipleAllowOriginNotAllowed, "Solicitud de origen cruzado bloqueada: la política de mismo origen no permite la lectura del recurso remoto en %1$S. (Motivo: no se permiten múltiples cabeceras CORS ‘Access-Control-Allow-Origin’)."),
    r("es-ES", "CORSAllowOriginNotMatchingOrigin", K::AllowOriginNotMatchingOrigin, "Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: la cabecera CORS 'Access-Control-Allow-Origin' no coincide con '%2$S')."),
    r("es-ES", "CORSNotSupportingCredentials", K::NotSupportingCredentials, "Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en '%1$S' (razón: la credencial no se admite si la cabecera CORS 'Access-Control-Allow-Credentials' es '*')."),
    r("es-ES", "CORSMethodNotFound", K::MethodNotFound, "Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: token no se ha encontrado el método en la cabecera CORS 'Access-Control-Allow-Methods')."),
    r("es-ES", "CORSMissingAllowCredentials", K::MissingAllowCredentials, "Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: se esperaba 'true' en la cabecera CORS 'Access-Control-Allow-Credentials')."),
    r("es-ES", "CORSPreflightDidNotSucceed2", K::PreflightDidNotSucceed, "Solicitud de origen cruzado bloqueada: La política de mismo origen (Same Origin Policy) no permite la lectura de recursos remotos en %1$S. (Motivo: La respuesta CORS no tuvo éxito)."),
    r("es-ES", "CORSInvalidAllowMethod", K::InvalidAllowMethod, "Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: token '%2$S' no válido en la cabecera CORS 'Access-Control-Allow-Methods')."),
    r("es-ES", "CORSInvalidAllowHeader", K::InvalidAllowHeader, "Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: token '%2$S' no válido en la cabecera CORS 'Access-Control-Allow-Headers')."),
    r("es-ES", "CORSMissingAllowHeaderFromPreflight2", K::MissingAllowHeaderFromPreflight, "Solicitud de origen cruzado bloqueada: La política de mismo origen (Same Origin Policy) no permite la lectura de recursos remotos en %1$S. (Motivo: La cabecera ‘%2$S’ no está permitida de acuerdo a la cabecera ‘Access-Control-Allow-Headers’ de la verificación previa de la respuesta CORS)."),
    // zh-CN (mozilla-l10n/firefox-l10n:zh-CN/dom/chrome/security/security.properties): old keys.
    r("zh-CN", "CORSDisabled", K::Disabled, "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 未启用）。"),
    r("zh-CN", "CORSRequestNotHttp", K::RequestNotHttp, "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 请求不是 http）。"),
    r("zh-CN", "CORSMissingAllowOrigin", K::MissingAllowOrigin, "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 头缺少 'Access-Control-Allow-Origin'）。"),
    r("zh-CN", "CORSAllowOriginNotMatchingOrigin", K::AllowOriginNotMatchingOrigin, "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 头 'Access-Control-Allow-Origin' 不匹配 '%2$S'）。"),
    r("zh-CN", "CORSMethodNotFound", K::MethodNotFound, "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：找不到 CORS 头中的 'Access-Control-Allow-Methods'）。"),
    r("zh-CN", "CORSMissingAllowCredentials", K::MissingAllowCredentials, "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 头中的 'Access-Control-Allow-Credentials' 预期为 'true'）。"),
    r("zh-CN", "CORSPreflightDidNotSucceed", K::PreflightDidNotSucceed, "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 预检通道未成功）。"),
    r("zh-CN", "CORSInvalidAllowMethod", K::InvalidAllowMethod, "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 头 'Access-Control-Allow-Methods' 中的令牌 '%2$S' 无效）。"),
    r("zh-CN", "CORSInvalidAllowHeader", K::InvalidAllowHeader, "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 头 'Access-Control-Allow-Headers' 中的令牌 '%2$S' 无效）。"),
    r("zh-CN", "CORSMissingAllowHeaderFromPreflight", K::MissingAllowHeaderFromPreflight, "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：来自 CORS 预检通道的 CORS 头 'Access-Control-Allow-Headers' 的令牌 '%2$S' 无效）。"),
    // zh-CN texts printed by Firefox builds the file above no longer matches (seen in
    // github.com/remix-project-org/remix-ide/issues/2781 and
    // github.com/asiainfoLDP/datafoundry-troubleshooting/issues/25).
    r("zh-CN", "CORSDidNotSucceed (pasted)", K::DidNotSucceed, "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 请求未能成功）。"),
    r("zh-CN", "CORSMissingAllowOrigin (older)", K::MissingAllowOrigin, "已阻止跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 头缺少 'Access-Control-Allow-Origin'）。"),
    // ja (mozilla-l10n/firefox-l10n:ja/dom/chrome/security/security.properties): old keys.
    r("ja", "CORSDisabled", K::Disabled, "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS が無効)。"),
    r("ja", "CORSDidNotSucceed", K::DidNotSucceed, "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS 要求が成功しなかった)。"),
    r("ja", "CORSOriginHeaderNotAdded", K::OriginHeaderNotAdded, "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Origin’ を追加できなかった)。"),
    r("ja", "CORSExternalRedirectNotAllowed", K::ExternalRedirectNotAllowed, "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS 要求の外部リダイレクトは許可されない)。"),
    r("ja", "CORSRequestNotHttp", K::RequestNotHttp, "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS 要求が http でない)。"),
    r("ja", "CORSMissingAllowOrigin", K::MissingAllowOrigin, "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Access-Control-Allow-Origin’ が足りない)。"),
    r("ja", "CORSAllowOriginNotMatchingOrigin", K::AllowOriginNotMatchingOrigin, "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Access-Control-Allow-Origin’ が ‘%2$S’ と異なる)。"),
    r("ja", "CORSNotSupportingCredentials", K::NotSupportingCredentials, "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Access-Control-Allow-Origin’ が ‘*’ である場合、認証情報はサポートされない)。"),
    r("ja", "CORSMethodNotFound", K::MethodNotFound, "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Access-Control-Allow-Methods’ にメソッドが見つからない)。"),
    r("ja", "CORSMissingAllowCredentials", K::MissingAllowCredentials, "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Access-Control-Allow-Credentials’ は ‘true’ であるべき)。"),
    r("ja", "CORSPreflightDidNotSucceed", K::PreflightDidNotSucceed, "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS プリフライトチャンネルが継承されていない)。"),
    r("ja", "CORSInvalidAllowMethod", K::InvalidAllowMethod, "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Access-Control-Allow-Methods’ に不正なトークン ‘%2$S’ が含まれる)。"),
    r("ja", "CORSInvalidAllowHeader", K::InvalidAllowHeader, "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Access-Control-Allow-Headers’ に不正なトークン ‘%2$S’ が含まれる)。"),
    r("ja", "CORSMissingAllowHeaderFromPreflight", K::MissingAllowHeaderFromPreflight, "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS プリフライトチャンネルからの CORS ヘッダー ‘Access-Control-Allow-Headers’ にトークン ‘%2$S’ が足りない)。"),
    // ru (mozilla-l10n/firefox-l10n:ru/dom/chrome/security/security.properties).
    r("ru", "CORSDisabled", K::Disabled, "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: CORS отключён)."),
    r("ru", "CORSDidNotSucceed2", K::DidNotSucceed, "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: не удалось выполнить запрос CORS). Код состояния: %2$S."),
    r("ru", "CORSOriginHeaderNotAdded", K::OriginHeaderNotAdded, "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: Не удалось добавить CORS-заголовок «Origin»)."),
    r("ru", "CORSExternalRedirectNotAllowed", K::ExternalRedirectNotAllowed, "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: Внешнее перенаправление запроса CORS не разрешено)."),
    r("ru", "CORSRequestNotHttp", K::RequestNotHttp, "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: запрос CORS выполнен не по http)."),
    r("ru", "CORSMissingAllowOrigin2", K::MissingAllowOrigin, "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: отсутствует заголовок CORS «Access-Control-Allow-Origin»). Код состояния: %2$S."),
    r("ru", "CORSMultipleAllowOriginNotAllowed", K::MultipleAllowOriginNotAllowed, "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: несколько заголовков CORS «Access-Control-Allow-Origin» не разрешены)."),
    r("ru", "CORSAllowOriginNotMatchingOrigin", K::AllowOriginNotMatchingOrigin, "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: заголовок CORS «Access-Control-Allow-Origin» не совпадает с «%2$S»)."),
    r("ru", "CORSNotSupportingCredentials", K::NotSupportingCredentials, "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на «%1$S». (Причина: Учётные данные не поддерживаются, если заголовок CORS «Access-Control-Allow-Origin» установлен в «*»)."),
    r("ru", "CORSMethodNotFound", K::MethodNotFound, "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: Не найден метод в заголовке CORS «Access-Control-Allow-Methods»)."),
    r("ru", "CORSMissingAllowCredentials", K::MissingAllowCredentials, "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: в заголовке CORS «Access-Control-Allow-Credentials» ожидалось «true»)."),
    r("ru", "CORSPreflightDidNotSucceed3", K::PreflightDidNotSucceed, "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: неудача ответа CORS preflight). Код состояния: %2$S."),
    r("ru", "CORSInvalidAllowMethod", K::InvalidAllowMethod, "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: некорректный токен «%2$S» в заголовке CORS «Access-Control-Allow-Methods»)."),
    r("ru", "CORSInvalidAllowHeader", K::InvalidAllowHeader, "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: некорректный токен «%2$S» в заголовке CORS «Access-Control-Allow-Headers»)."),
    r("ru", "CORSMissingAllowHeaderFromPreflight2", K::MissingAllowHeaderFromPreflight, "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: заголовок «%2$S» не разрешён согласно заголовку «Access-Control-Allow-Headers» из ответа CORS preflight)."),
    r("ru", "CORSAllowHeaderFromPreflightDeprecation", K::AllowHeaderFromPreflightDeprecation, "Предупреждение о запросе из постороннего источника: Политика одного источника скоро запретит чтение удаленного ресурса в %1$S. (Причина: когда «Access-Control-Allow-Headers» имеет значение «*», заголовок «Authorization» не охватывается. Чтобы включить заголовок «Authorization», он должен быть явно указан в заголовке CORS «Access-Control-Allow-Headers»)."),
    // ru, Firefox 30 and before (seen in github.com/bem-archive/do-it-yourself-workshop/issues/17).
    r("ru", "CrossSiteRequestBlocked", K::Blocked, "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. Это может быть исправлено путем перемещения ресурса в тот же домен или включением CORS."),
    // pt-BR (mozilla-l10n/firefox-l10n:pt-BR/dom/chrome/security/security.properties).
    r("pt-BR", "CORSDisabled", K::Disabled, "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: CORS desativado)."),
    r("pt-BR", "CORSDidNotSucceed2", K::DidNotSucceed, "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: falha na requisição CORS). Código de status: %2$S."),
    r("pt-BR", "CORSOriginHeaderNotAdded", K::OriginHeaderNotAdded, "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: cabeçalho ‘Origin’ do CORS não pode ser adicionado)."),
    r("pt-BR", "CORSExternalRedirectNotAllowed", K::ExternalRedirectNotAllowed, "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: redirecionamento externo de requisição CORS não permitido)."),
    r("pt-BR", "CORSRequestNotHttp", K::RequestNotHttp, "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: requisição CORS não é http)."),
    r("pt-BR", "CORSMissingAllowOrigin2", K::MissingAllowOrigin, "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: falta cabeçalho 'Access-Control-Allow-Origin' no CORS). Código de status: %2$S."),
    r("pt-BR", "CORSMultipleAllowOriginNotAllowed", K::MultipleAllowOriginNotAllowed, "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: não é permitido vários cabeçalhos ‘Access-Control-Allow-Origin’ no CORS)."),
    r("pt-BR", "CORSAllowOriginNotMatchingOrigin", K::AllowOriginNotMatchingOrigin, "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: cabeçalho 'Access-Control-Allow-Origin' do CORS não corresponde a '%2$S')."),
    r("pt-BR", "CORSNotSupportingCredentials", K::NotSupportingCredentials, "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em ‘%1$S’ (motivo: credencial não suportada se o cabeçalho ‘Access-Control-Allow-Origin’ do CORS for ‘*’)."),
    r("pt-BR", "CORSMethodNotFound", K::MethodNotFound, "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: método não encontrado no cabeçalho 'Access-Control-Allow-Methods' do CORS )."),
    r("pt-BR", "CORSMissingAllowCredentials", K::MissingAllowCredentials, "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: esperado 'true' no cabeçalho 'Access-Control-Allow-Credentials' do CORS)."),
    r("pt-BR", "CORSPreflightDidNotSucceed3", K::PreflightDidNotSucceed, "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: falha na resposta de comprovação (preflight) do CORS). Código de status: %2$S."),
    r("pt-BR", "CORSInvalidAllowMethod", K::InvalidAllowMethod, "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: token '%2$S' inválido no cabeçalho 'Access-Control-Allow-Methods' do CORS)."),
    r("pt-BR", "CORSInvalidAllowHeader", K::InvalidAllowHeader, "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: token ‘%2$S’ inválido no cabeçalho 'Access-Control-Allow-Headers' do CORS)."),
    r("pt-BR", "CORSMissingAllowHeaderFromPreflight2", K::MissingAllowHeaderFromPreflight, "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: header ‘%2$S’ não permitido, de acordo com o header ‘Access-Control-Allow-Headers’ da resposta de comprovação (preflight) do CORS)."),
    r("pt-BR", "CORSAllowHeaderFromPreflightDeprecation", K::AllowHeaderFromPreflightDeprecation, "Aviso de requisição de origem cruzada (cross-origin): A diretiva de mesma origem (same origin) em breve não permitirá a leitura do recurso remoto em %1$S. Motivo: quando o valor de `Access-Control-Allow-Headers` é `*`, o cabeçalho `Authorization` não é coberto. Para incluir o cabeçalho `Authorization`, ele deve ser incluído explicitamente no cabeçalho CORS `Access-Control-Allow-Headers`."),
    // pt-BR, an older translation (seen in
    // github.com/r-martins/PagSeguro-Magento-Transparente/issues/271).
    r("pt-BR", "CORSMissingAllowOrigin (older)", K::MissingAllowOrigin, "Requisição cross-origin bloqueada: A política de mesma origem (Same Origin Policy) impede a leitura do recurso remoto em %1$S. (Motivo: o cabeçalho CORS 'Access-Control-Allow-Origin' não está presente)."),
];

/// The en-US row of a key that Firefox prints today (the first en-US row of the key).
pub fn en_us(key: FirefoxKey) -> Option<&'static FirefoxRow> {
    FIREFOX_ROWS
        .iter()
        .find(|r| r.locale == "en-US" && r.key == key)
}

/// The en-US row of a key without the status suffix (the key's older, status-less text).
pub fn en_us_without_status(key: FirefoxKey) -> Option<&'static FirefoxRow> {
    FIREFOX_ROWS
        .iter()
        .find(|r| r.locale == "en-US" && r.key == key && !r.text.contains("%2$S"))
}

/// A Firefox line read back: the row that matched and its holes.
#[derive(Debug, Clone)]
pub struct FirefoxMatch {
    pub row: &'static FirefoxRow,
    pub url: Option<String>,
    pub second: Option<String>,
    /// Folded text after the message.
    pub rest: String,
    /// The row was read without its status sentence (the key's older, status-less text).
    pub without_status: bool,
}

/// A status-carrying row's text without its status sentence: the older key of the same message
/// (`CORSMissingAllowOrigin` before `CORSMissingAllowOrigin2`), which many locales printed with
/// the same words.
pub fn without_status(row: &FirefoxRow) -> Option<&'static str> {
    if row.key.second() != Second::Status {
        return None;
    }
    let before = row.text.get(..row.text.find("%2$S")?)?;
    let end = before.rfind(". ").or_else(|| before.rfind("。"))?;
    let cut = if before.get(end..)?.starts_with(". ") {
        end + 1
    } else {
        end + "。".len()
    };
    row.text.get(..cut)
}

/// Reads a Firefox CORS message in any locale of [`FIREFOX_ROWS`]; the longest match wins (a
/// message with its status over the older one without).
pub fn parse(folded: &str) -> Option<FirefoxMatch> {
    let mut best: Option<(usize, FirefoxMatch)> = None;
    // Exact rows first; a row read without its status only where no row matches as far.
    let candidates = FIREFOX_ROWS.iter().map(|row| (row, row.text, false)).chain(
        FIREFOX_ROWS
            .iter()
            .filter_map(|row| without_status(row).map(|t| (row, t, true))),
    );
    for (row, text, without) in candidates {
        {
            let Some(m) = super::pattern::match_at_start(text, folded) else {
                continue;
            };
            if best.as_ref().is_some_and(|(c, _)| *c >= m.consumed) {
                continue;
            }
            let url = m.get("1").map(|u| u.trim_matches('\'').to_string());
            let second = m.get("2").map(str::to_string);
            best = Some((
                m.consumed,
                FirefoxMatch {
                    row,
                    url,
                    second,
                    rest: m.rest,
                    without_status: without,
                },
            ));
        }
    }
    best.map(|(_, m)| m)
}

#[cfg(test)]
mod tests {
    use super::super::pattern::{fill, fold};
    use super::*;

    /// Every row, filled as Firefox fills it, reads back as its own key with its holes.
    #[test]
    fn every_row_reads_back_as_itself() {
        for row in FIREFOX_ROWS {
            let second = match row.key.second() {
                Second::Status => "405",
                Second::AllowOrigin => "http://other.example:3000",
                Second::Token => "GET;",
                Second::Header => "x-request-id",
                Second::None => "",
            };
            let text = fill(
                row.text,
                &[("1", "https://api.example/v1/items?id=3"), ("2", second)],
            );
            let m =
                parse(&fold(&text)).unwrap_or_else(|| panic!("{} {}", row.locale, row.property));
            assert_eq!(m.row.key, row.key, "{} {}", row.locale, row.property);
            assert_eq!(m.row.locale, row.locale, "{} {}", row.locale, row.property);
            assert_eq!(
                m.url.as_deref(),
                Some("https://api.example/v1/items?id=3"),
                "{} {}",
                row.locale,
                row.property
            );
            if row.text.contains("%2$S") {
                assert_eq!(
                    m.second.as_deref(),
                    Some(second),
                    "{} {}",
                    row.locale,
                    row.property
                );
            }
        }
    }

    #[test]
    fn every_status_row_also_reads_without_its_status() {
        let de = "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf https://a/x. (Grund: CORS-Kopfzeile ‚Access-Control-Allow-Origin‘ fehlt).";
        let m = parse(&fold(de)).unwrap();
        assert_eq!(m.row.key, FirefoxKey::MissingAllowOrigin);
        assert_eq!(m.second, None);
        let fr = "Blocage d’une requête multiorigines (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur https://api.x/stats. Raison : l’en-tête CORS « Access-Control-Allow-Origin » est manquant.";
        let m = parse(&fold(fr)).unwrap();
        assert_eq!(m.row.locale, "fr");
        assert_eq!(m.url.as_deref(), Some("https://api.x/stats"));
        for row in FIREFOX_ROWS {
            if row.key.second() == Second::Status && row.text.contains("%2$S") {
                let t = without_status(row)
                    .unwrap_or_else(|| panic!("{} {}", row.locale, row.property));
                assert!(!t.contains("%2$S") && t.contains("%1$S"), "{t}");
            }
        }
    }

    #[test]
    fn the_required_locales_are_there() {
        for l in ["en-US", "de", "fr", "es-ES", "zh-CN", "ja", "ru", "pt-BR"] {
            let n = FIREFOX_ROWS.iter().filter(|r| r.locale == l).count();
            assert!(n >= 10, "{l}: {n} rows");
            assert!(
                FIREFOX_ROWS
                    .iter()
                    .any(|r| r.locale == l && r.key == FirefoxKey::MissingAllowOrigin),
                "{l}"
            );
        }
    }

    #[test]
    fn a_status_line_prefers_the_row_with_the_status() {
        let line = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://a/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 500.";
        let m = parse(&fold(line)).unwrap();
        assert_eq!(m.row.property, "CORSMissingAllowOrigin2");
        assert_eq!(m.second.as_deref(), Some("500"));
        let old = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://a/x. (Reason: CORS header 'Access-Control-Allow-Origin' missing).";
        let m = parse(&fold(old)).unwrap();
        assert_eq!(m.row.property, "CORSMissingAllowOrigin");
        assert_eq!(m.url.as_deref(), Some("http://a/x"));
    }
}
