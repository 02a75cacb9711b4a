//! `curl` command lines that reproduce an exchange: what the seeds end every cause with
//! ("verify with curl"). Used by reports (the preflight and request of a blocked chain) and by
//! `probe` (each exchange it sent).

/// Single-quotes `s` for a POSIX shell (plain words stay bare).
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=@,+%".contains(&b))
    {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// `curl -sS -i [-X METHOD] [flags…] -H 'Name: value'… URL`: sends the request and prints the
/// response headers (`-I` for HEAD).
pub fn curl(method: &str, url: &str, headers: &[(String, String)], flags: &[String]) -> String {
    let mut parts = vec!["curl".to_string(), "-sS".to_string()];
    match method {
        "HEAD" => parts.push("-I".to_string()),
        "GET" => parts.push("-i".to_string()),
        m => {
            parts.push("-i".to_string());
            parts.push("-X".to_string());
            parts.push(shell_quote(m));
        }
    }
    parts.extend(flags.iter().cloned());
    for (n, v) in headers {
        parts.push("-H".to_string());
        parts.push(shell_quote(&format!("{n}: {v}")));
    }
    parts.push(shell_quote(url));
    parts.join(" ")
}

/// The preflight (when the request needs one) and the request a browser sends from `origin`:
/// the commands that show the failing answer.
pub fn cors_exchange(
    method: &str,
    url: &str,
    origin: &str,
    unsafe_headers: &[String],
    preflighted: bool,
) -> Vec<String> {
    let o = ("Origin".to_string(), origin.to_string());
    let mut lines = Vec::new();
    if preflighted {
        let mut ask = vec![
            o.clone(),
            (
                "Access-Control-Request-Method".to_string(),
                method.to_string(),
            ),
        ];
        if !unsafe_headers.is_empty() {
            ask.push((
                "Access-Control-Request-Headers".to_string(),
                unsafe_headers.join(","),
            ));
        }
        lines.push(curl("OPTIONS", url, &ask, &[]));
    }
    lines.push(curl(method, url, &[o], &[]));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_quote_for_the_shell_and_ask_what_the_browser_asks() {
        assert_eq!(shell_quote("a b'c"), r"'a b'\''c'");
        let lines = cors_exchange(
            "PUT",
            "https://api.x/items/1",
            "https://app.x",
            &["content-type".to_string(), "x-token".to_string()],
            true,
        );
        assert_eq!(
            lines[0],
            "curl -sS -i -X OPTIONS -H 'Origin: https://app.x' -H 'Access-Control-Request-Method: PUT' -H 'Access-Control-Request-Headers: content-type,x-token' https://api.x/items/1"
        );
        assert_eq!(
            lines[1],
            "curl -sS -i -X PUT -H 'Origin: https://app.x' https://api.x/items/1"
        );
        assert_eq!(
            cors_exchange("GET", "https://api.x/", "https://app.x", &[], false).len(),
            1
        );
    }
}
