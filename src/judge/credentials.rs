//! The credentials mode of a request: seen (cookies were sent), or inferred from which mode
//! reproduces the recorded outcome, with the confidence of the inference.

use super::Confidence;
use crate::fetch::check::CredentialsMode;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Credentials {
    /// `include`, `omit`/`same-origin`, or `None` when the capture cannot tell.
    pub mode: Option<CredentialsMode>,
    pub confidence: Confidence,
    pub because: String,
}

/// What the inference rests on.
pub struct Facts {
    /// The request carried cookies (or a `Cookie` header).
    pub cookies_sent: bool,
    /// The mode the verdict was explained with.
    pub explained_with: CredentialsMode,
    /// The candidate modes give different outcomes, and one reproduces a recorded outcome.
    pub decisive: bool,
    /// The export had cookies and `Authorization` removed (the capture shows it).
    pub sanitized: bool,
    /// Nothing tells whether the export was sanitized (no cookie anywhere, sizes silent).
    pub may_be_sanitized: bool,
    /// A response of the chain allowed credentials (`Access-Control-Allow-Credentials: true`).
    pub credentials_allowed: bool,
}

/// The modes worth trying, most plausible first.
pub fn candidates(cookies_sent: bool) -> &'static [CredentialsMode] {
    if cookies_sent {
        &[CredentialsMode::Include]
    } else {
        &[CredentialsMode::SameOrigin, CredentialsMode::Include]
    }
}

pub fn infer(f: &Facts) -> Credentials {
    if f.cookies_sent {
        return Credentials {
            mode: Some(CredentialsMode::Include),
            confidence: Confidence::High,
            because: "cookies were sent".to_string(),
        };
    }
    if f.decisive {
        return Credentials {
            mode: Some(f.explained_with),
            confidence: Confidence::High,
            because: "only this credentials mode reproduces the recorded outcome".to_string(),
        };
    }
    if f.sanitized {
        return Credentials {
            mode: None,
            confidence: Confidence::Low,
            because: "the export is sanitized (cookies and Authorization removed): credentials cannot be seen"
                .to_string(),
        };
    }
    if f.may_be_sanitized {
        return Credentials {
            mode: Some(f.explained_with),
            confidence: Confidence::Low,
            because: "no cookies in the capture; a sanitized export would show none either"
                .to_string(),
        };
    }
    Credentials {
        mode: Some(f.explained_with),
        confidence: if f.credentials_allowed {
            Confidence::Low
        } else {
            Confidence::Medium
        },
        because: "no cookies were sent".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> Facts {
        Facts {
            cookies_sent: false,
            explained_with: CredentialsMode::SameOrigin,
            decisive: false,
            sanitized: false,
            may_be_sanitized: false,
            credentials_allowed: false,
        }
    }

    #[test]
    fn cookies_prove_include_and_a_decisive_outcome_proves_its_mode() {
        let c = infer(&Facts {
            cookies_sent: true,
            ..facts()
        });
        assert_eq!(
            (c.mode, c.confidence),
            (Some(CredentialsMode::Include), Confidence::High)
        );
        let c = infer(&Facts {
            decisive: true,
            explained_with: CredentialsMode::Include,
            ..facts()
        });
        assert_eq!(
            (c.mode, c.confidence),
            (Some(CredentialsMode::Include), Confidence::High)
        );
    }

    #[test]
    fn a_sanitized_export_leaves_the_mode_unknown() {
        let c = infer(&Facts {
            sanitized: true,
            ..facts()
        });
        assert_eq!(c.mode, None);
        let c = infer(&Facts {
            credentials_allowed: true,
            ..facts()
        });
        assert_eq!(c.confidence, Confidence::Low);
        assert_eq!(infer(&facts()).confidence, Confidence::Medium);
        let c = infer(&Facts {
            may_be_sanitized: true,
            ..facts()
        });
        assert_eq!(c.confidence, Confidence::Low);
        assert!(c.because.contains("sanitized export"));
    }
}
