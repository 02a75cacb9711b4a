//! The numbers a NetLog writes for `network::mojom::CorsError` (`CORS_PREFLIGHT_ERROR`'s
//! `cors-error`), per Chromium version. The log's `constants` name event types and net errors
//! but not this enum, and its numbering has changed: values were inserted and removed in the
//! middle of it. Facts from the enum in Chromium's `services/network/public/mojom/cors.mojom`
//! as it stood in each version below (read from published copies of that file next to their
//! `chrome/VERSION`), and from Chromium 156's own logs (the harness, `tests/captures/chromium`).

/// One numbering: names in enum order (index = number).
struct Numbering {
    names: &'static [&'static str],
}

/// Chromium 68: no `kCorsDisabledScheme` yet, and a `kRedirectDisallowedScheme`.
const V68: Numbering = Numbering {
    names: &[
        "DisallowedByMode",
        "InvalidResponse",
        "WildcardOriginNotAllowed",
        "MissingAllowOriginHeader",
        "MultipleAllowOriginValues",
        "InvalidAllowOriginValue",
        "AllowOriginMismatch",
        "InvalidAllowCredentials",
        "PreflightInvalidStatus",
        "PreflightDisallowedRedirect",
        "PreflightWildcardOriginNotAllowed",
        "PreflightMissingAllowOriginHeader",
        "PreflightMultipleAllowOriginValues",
        "PreflightInvalidAllowOriginValue",
        "PreflightAllowOriginMismatch",
        "PreflightInvalidAllowCredentials",
        "PreflightMissingAllowExternal",
        "PreflightInvalidAllowExternal",
        "InvalidAllowMethodsPreflightResponse",
        "InvalidAllowHeadersPreflightResponse",
        "MethodDisallowedByPreflightResponse",
        "HeaderDisallowedByPreflightResponse",
        "RedirectDisallowedScheme",
        "RedirectContainsCredentials",
    ],
};

/// The first 17 values (0–16) of every numbering since `kCorsDisabledScheme` was added
/// (Chromium 70, the Private Network Access era, Chromium 151 and 156 all agree).
const COMMON_SINCE_70: [&str; 17] = [
    "DisallowedByMode",
    "InvalidResponse",
    "WildcardOriginNotAllowed",
    "MissingAllowOriginHeader",
    "MultipleAllowOriginValues",
    "InvalidAllowOriginValue",
    "AllowOriginMismatch",
    "InvalidAllowCredentials",
    "CorsDisabledScheme",
    "PreflightInvalidStatus",
    "PreflightDisallowedRedirect",
    "PreflightWildcardOriginNotAllowed",
    "PreflightMissingAllowOriginHeader",
    "PreflightMultipleAllowOriginValues",
    "PreflightInvalidAllowOriginValue",
    "PreflightAllowOriginMismatch",
    "PreflightInvalidAllowCredentials",
];

/// Chromium 70: the CORS-RFC1918 ("external") values at 17 and 18.
const V70: Numbering = Numbering {
    names: &[
        "DisallowedByMode",
        "InvalidResponse",
        "WildcardOriginNotAllowed",
        "MissingAllowOriginHeader",
        "MultipleAllowOriginValues",
        "InvalidAllowOriginValue",
        "AllowOriginMismatch",
        "InvalidAllowCredentials",
        "CorsDisabledScheme",
        "PreflightInvalidStatus",
        "PreflightDisallowedRedirect",
        "PreflightWildcardOriginNotAllowed",
        "PreflightMissingAllowOriginHeader",
        "PreflightMultipleAllowOriginValues",
        "PreflightInvalidAllowOriginValue",
        "PreflightAllowOriginMismatch",
        "PreflightInvalidAllowCredentials",
        "PreflightMissingAllowExternal",
        "PreflightInvalidAllowExternal",
        "InvalidAllowMethodsPreflightResponse",
        "InvalidAllowHeadersPreflightResponse",
        "MethodDisallowedByPreflightResponse",
        "HeaderDisallowedByPreflightResponse",
        "RedirectContainsCredentials",
    ],
};

/// Chromium 151 to 156 (Local Network Access: the Private Network Access values removed,
/// `kMaxValue = 24`). Verified at 151 (source) and 156 (source and logs); the versions between
/// are taken to share it, since both ends do.
const V151: Numbering = Numbering {
    names: &[
        "DisallowedByMode",
        "InvalidResponse",
        "WildcardOriginNotAllowed",
        "MissingAllowOriginHeader",
        "MultipleAllowOriginValues",
        "InvalidAllowOriginValue",
        "AllowOriginMismatch",
        "InvalidAllowCredentials",
        "CorsDisabledScheme",
        "PreflightInvalidStatus",
        "PreflightDisallowedRedirect",
        "PreflightWildcardOriginNotAllowed",
        "PreflightMissingAllowOriginHeader",
        "PreflightMultipleAllowOriginValues",
        "PreflightInvalidAllowOriginValue",
        "PreflightAllowOriginMismatch",
        "PreflightInvalidAllowCredentials",
        "InvalidAllowMethodsPreflightResponse",
        "InvalidAllowHeadersPreflightResponse",
        "MethodDisallowedByPreflightResponse",
        "HeaderDisallowedByPreflightResponse",
        "RedirectContainsCredentials",
        "InsecureLocalNetwork",
        "InvalidLocalNetworkAccess",
        "LocalNetworkAccessPermissionDenied",
    ],
};

/// The name of CorsError `number` in the numbering of Chromium `major`, or `None` when
/// corsdx does not know that number for that version (never guessed). Versions without a
/// verified numbering get only the values every known numbering of their era shares.
pub fn cors_error_name(major: Option<u32>, number: i64) -> Option<&'static str> {
    let i = usize::try_from(number).ok()?;
    let names: &[&str] = match major? {
        68 => V68.names,
        70 => V70.names,
        151..=156 => V151.names,
        m if m > 70 => &COMMON_SINCE_70,
        // Before 70 only 68 is known; 0–7 are the same in 68, 70 and every later numbering.
        _ => V68.names.get(..8)?,
    };
    names.get(i).copied()
}

/// The major version in a `clientInfo.version` such as `156.0.8078.129`.
pub fn major_of(version: &str) -> Option<u32> {
    version.split('.').next()?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::CorsError;

    #[test]
    fn chromium_156_numbers_as_its_logs_write_them() {
        // 12 is what Chromium 156 wrote for a preflight without ACAO (tests/captures).
        let n = |i| cors_error_name(Some(156), i);
        assert_eq!(n(12), Some("PreflightMissingAllowOriginHeader"));
        assert_eq!(n(19), Some("MethodDisallowedByPreflightResponse"));
        assert_eq!(n(24), Some("LocalNetworkAccessPermissionDenied"));
        assert_eq!(n(25), None);
        assert_eq!(n(-1), None);
    }

    #[test]
    fn numbers_that_moved_are_named_per_version() {
        assert_eq!(
            cors_error_name(Some(70), 19),
            Some("InvalidAllowMethodsPreflightResponse")
        );
        assert_eq!(cors_error_name(Some(68), 8), Some("PreflightInvalidStatus"));
        assert_eq!(cors_error_name(Some(70), 8), Some("CorsDisabledScheme"));
        // An unverified version: only the shared prefix, never a guess past it.
        assert_eq!(
            cors_error_name(Some(157), 12),
            Some("PreflightMissingAllowOriginHeader")
        );
        assert_eq!(cors_error_name(Some(157), 19), None);
        assert_eq!(cors_error_name(Some(60), 8), None);
        assert_eq!(
            cors_error_name(Some(60), 3),
            Some("MissingAllowOriginHeader")
        );
        assert_eq!(cors_error_name(None, 3), None);
    }

    #[test]
    fn every_name_is_one_corsdx_knows_or_a_retired_one() {
        let retired = ["RedirectDisallowedScheme"];
        for names in [V68.names, V70.names, V151.names, &COMMON_SINCE_70] {
            for n in names {
                assert!(n.parse::<CorsError>().is_ok() || retired.contains(n), "{n}");
            }
        }
        assert_eq!(major_of("156.0.8078.129"), Some(156));
        assert_eq!(major_of("x"), None);
    }
}
