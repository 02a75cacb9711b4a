//! Chromium's `network::mojom::CorsError` names, old and new.

use std::fmt;
use std::str::FromStr;

/// A CORS error kind, named as Chromium names it (CDP `Network.CorsError`).
///
/// Local Network Access kinds carry their current (2026) names; the Private Network Access names
/// they replaced are accepted by [`CorsError::from_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CorsError {
    DisallowedByMode,
    InvalidResponse,
    WildcardOriginNotAllowed,
    MissingAllowOriginHeader,
    MultipleAllowOriginValues,
    InvalidAllowOriginValue,
    AllowOriginMismatch,
    InvalidAllowCredentials,
    CorsDisabledScheme,
    PreflightInvalidStatus,
    PreflightDisallowedRedirect,
    PreflightWildcardOriginNotAllowed,
    PreflightMissingAllowOriginHeader,
    PreflightMultipleAllowOriginValues,
    PreflightInvalidAllowOriginValue,
    PreflightAllowOriginMismatch,
    PreflightInvalidAllowCredentials,
    InvalidAllowMethodsPreflightResponse,
    InvalidAllowHeadersPreflightResponse,
    MethodDisallowedByPreflightResponse,
    HeaderDisallowedByPreflightResponse,
    RedirectContainsCredentials,
    InsecureLocalNetwork,
    InvalidLocalNetworkAccess,
    LocalNetworkAccessPermissionDenied,
    NoCorsRedirectModeNotFollow,
    // Private Network Access era kinds without a Local Network Access successor.
    PreflightMissingAllowPrivateNetwork,
    PreflightInvalidAllowPrivateNetwork,
    UnexpectedPrivateNetworkAccess,
    PreflightMissingPrivateNetworkAccessId,
    PreflightMissingPrivateNetworkAccessName,
    PrivateNetworkAccessPermissionUnavailable,
    // The 2019–2021 "CORS-RFC1918" experiment.
    PreflightMissingAllowExternal,
    PreflightInvalidAllowExternal,
}

impl CorsError {
    pub const ALL: [CorsError; 34] = [
        CorsError::DisallowedByMode,
        CorsError::InvalidResponse,
        CorsError::WildcardOriginNotAllowed,
        CorsError::MissingAllowOriginHeader,
        CorsError::MultipleAllowOriginValues,
        CorsError::InvalidAllowOriginValue,
        CorsError::AllowOriginMismatch,
        CorsError::InvalidAllowCredentials,
        CorsError::CorsDisabledScheme,
        CorsError::PreflightInvalidStatus,
        CorsError::PreflightDisallowedRedirect,
        CorsError::PreflightWildcardOriginNotAllowed,
        CorsError::PreflightMissingAllowOriginHeader,
        CorsError::PreflightMultipleAllowOriginValues,
        CorsError::PreflightInvalidAllowOriginValue,
        CorsError::PreflightAllowOriginMismatch,
        CorsError::PreflightInvalidAllowCredentials,
        CorsError::InvalidAllowMethodsPreflightResponse,
        CorsError::InvalidAllowHeadersPreflightResponse,
        CorsError::MethodDisallowedByPreflightResponse,
        CorsError::HeaderDisallowedByPreflightResponse,
        CorsError::RedirectContainsCredentials,
        CorsError::InsecureLocalNetwork,
        CorsError::InvalidLocalNetworkAccess,
        CorsError::LocalNetworkAccessPermissionDenied,
        CorsError::NoCorsRedirectModeNotFollow,
        CorsError::PreflightMissingAllowPrivateNetwork,
        CorsError::PreflightInvalidAllowPrivateNetwork,
        CorsError::UnexpectedPrivateNetworkAccess,
        CorsError::PreflightMissingPrivateNetworkAccessId,
        CorsError::PreflightMissingPrivateNetworkAccessName,
        CorsError::PrivateNetworkAccessPermissionUnavailable,
        CorsError::PreflightMissingAllowExternal,
        CorsError::PreflightInvalidAllowExternal,
    ];

    /// The CDP / mojom name (without the `k` prefix).
    pub fn name(self) -> &'static str {
        use CorsError::*;
        match self {
            DisallowedByMode => "DisallowedByMode",
            InvalidResponse => "InvalidResponse",
            WildcardOriginNotAllowed => "WildcardOriginNotAllowed",
            MissingAllowOriginHeader => "MissingAllowOriginHeader",
            MultipleAllowOriginValues => "MultipleAllowOriginValues",
            InvalidAllowOriginValue => "InvalidAllowOriginValue",
            AllowOriginMismatch => "AllowOriginMismatch",
            InvalidAllowCredentials => "InvalidAllowCredentials",
            CorsDisabledScheme => "CorsDisabledScheme",
            PreflightInvalidStatus => "PreflightInvalidStatus",
            PreflightDisallowedRedirect => "PreflightDisallowedRedirect",
            PreflightWildcardOriginNotAllowed => "PreflightWildcardOriginNotAllowed",
            PreflightMissingAllowOriginHeader => "PreflightMissingAllowOriginHeader",
            PreflightMultipleAllowOriginValues => "PreflightMultipleAllowOriginValues",
            PreflightInvalidAllowOriginValue => "PreflightInvalidAllowOriginValue",
            PreflightAllowOriginMismatch => "PreflightAllowOriginMismatch",
            PreflightInvalidAllowCredentials => "PreflightInvalidAllowCredentials",
            InvalidAllowMethodsPreflightResponse => "InvalidAllowMethodsPreflightResponse",
            InvalidAllowHeadersPreflightResponse => "InvalidAllowHeadersPreflightResponse",
            MethodDisallowedByPreflightResponse => "MethodDisallowedByPreflightResponse",
            HeaderDisallowedByPreflightResponse => "HeaderDisallowedByPreflightResponse",
            RedirectContainsCredentials => "RedirectContainsCredentials",
            InsecureLocalNetwork => "InsecureLocalNetwork",
            InvalidLocalNetworkAccess => "InvalidLocalNetworkAccess",
            LocalNetworkAccessPermissionDenied => "LocalNetworkAccessPermissionDenied",
            NoCorsRedirectModeNotFollow => "NoCorsRedirectModeNotFollow",
            PreflightMissingAllowPrivateNetwork => "PreflightMissingAllowPrivateNetwork",
            PreflightInvalidAllowPrivateNetwork => "PreflightInvalidAllowPrivateNetwork",
            UnexpectedPrivateNetworkAccess => "UnexpectedPrivateNetworkAccess",
            PreflightMissingPrivateNetworkAccessId => "PreflightMissingPrivateNetworkAccessId",
            PreflightMissingPrivateNetworkAccessName => "PreflightMissingPrivateNetworkAccessName",
            PrivateNetworkAccessPermissionUnavailable => {
                "PrivateNetworkAccessPermissionUnavailable"
            }
            PreflightMissingAllowExternal => "PreflightMissingAllowExternal",
            PreflightInvalidAllowExternal => "PreflightInvalidAllowExternal",
        }
    }

    /// Whether Chromium prefixes the console reason with "Response to preflight request doesn't
    /// pass access control check: " (`IsPreflightError` in cors_error_string.cc). Method, header
    /// and ACAM/ACAH parse failures are preflight failures without that prefix.
    pub fn has_preflight_prefix(self) -> bool {
        use CorsError::*;
        matches!(
            self,
            PreflightWildcardOriginNotAllowed
                | PreflightMissingAllowOriginHeader
                | PreflightMultipleAllowOriginValues
                | PreflightInvalidAllowOriginValue
                | PreflightAllowOriginMismatch
                | PreflightInvalidAllowCredentials
                | PreflightInvalidStatus
                | PreflightDisallowedRedirect
                | PreflightMissingAllowPrivateNetwork
                | PreflightInvalidAllowPrivateNetwork
                | PreflightMissingAllowExternal
                | PreflightInvalidAllowExternal
        )
    }

    /// Whether the error was decided on the preflight response (with or without the prefix).
    pub fn is_preflight_error(self) -> bool {
        use CorsError::*;
        self.has_preflight_prefix()
            || matches!(
                self,
                InvalidAllowMethodsPreflightResponse
                    | InvalidAllowHeadersPreflightResponse
                    | MethodDisallowedByPreflightResponse
                    | HeaderDisallowedByPreflightResponse
                    | PreflightMissingPrivateNetworkAccessId
                    | PreflightMissingPrivateNetworkAccessName
            )
    }

    /// The preflight variant of an access-check error (`CheckAccess` run on a preflight).
    pub fn on_preflight(self) -> CorsError {
        use CorsError::*;
        match self {
            WildcardOriginNotAllowed => PreflightWildcardOriginNotAllowed,
            MissingAllowOriginHeader => PreflightMissingAllowOriginHeader,
            MultipleAllowOriginValues => PreflightMultipleAllowOriginValues,
            InvalidAllowOriginValue => PreflightInvalidAllowOriginValue,
            AllowOriginMismatch => PreflightAllowOriginMismatch,
            InvalidAllowCredentials => PreflightInvalidAllowCredentials,
            other => other,
        }
    }

    /// The access-check error behind a `Preflight*` variant (inverse of [`Self::on_preflight`]).
    pub fn access_kind(self) -> CorsError {
        use CorsError::*;
        match self {
            PreflightWildcardOriginNotAllowed => WildcardOriginNotAllowed,
            PreflightMissingAllowOriginHeader => MissingAllowOriginHeader,
            PreflightMultipleAllowOriginValues => MultipleAllowOriginValues,
            PreflightInvalidAllowOriginValue => InvalidAllowOriginValue,
            PreflightAllowOriginMismatch => AllowOriginMismatch,
            PreflightInvalidAllowCredentials => InvalidAllowCredentials,
            other => other,
        }
    }
}

impl fmt::Display for CorsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown CorsError name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown CORS error name '{0}'")]
pub struct UnknownCorsError(pub String);

impl FromStr for CorsError {
    type Err = UnknownCorsError;

    /// Accepts current names, the `k`-prefixed mojom spelling, and the Private Network Access
    /// names renamed in 2026 (`InsecurePrivateNetwork` → `InsecureLocalNetwork` …).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bare = s
            .strip_prefix('k')
            .filter(|r| r.starts_with(char::is_uppercase));
        let name = bare.unwrap_or(s);
        let renamed = match name {
            "InsecurePrivateNetwork" => Some(CorsError::InsecureLocalNetwork),
            "InvalidPrivateNetworkAccess" => Some(CorsError::InvalidLocalNetworkAccess),
            "PrivateNetworkAccessPermissionDenied" => {
                Some(CorsError::LocalNetworkAccessPermissionDenied)
            }
            _ => None,
        };
        renamed
            .or_else(|| CorsError::ALL.iter().copied().find(|e| e.name() == name))
            .ok_or_else(|| UnknownCorsError(s.to_string()))
    }
}

impl serde::Serialize for CorsError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for e in CorsError::ALL {
            assert_eq!(e.name().parse::<CorsError>(), Ok(e));
            assert_eq!(format!("k{}", e.name()).parse::<CorsError>(), Ok(e));
        }
    }

    #[test]
    fn old_private_network_names_map_to_local_network_names() {
        assert_eq!(
            "InsecurePrivateNetwork".parse(),
            Ok(CorsError::InsecureLocalNetwork)
        );
        assert_eq!(
            "InvalidPrivateNetworkAccess".parse(),
            Ok(CorsError::InvalidLocalNetworkAccess)
        );
        assert!("NoSuchError".parse::<CorsError>().is_err());
    }

    #[test]
    fn preflight_variants_are_inverse() {
        for e in CorsError::ALL {
            let p = e.on_preflight();
            if p != e {
                assert_eq!(p.access_kind(), e);
                assert!(p.has_preflight_prefix());
            }
        }
        assert!(!CorsError::MethodDisallowedByPreflightResponse.has_preflight_prefix());
        assert!(CorsError::MethodDisallowedByPreflightResponse.is_preflight_error());
    }
}
