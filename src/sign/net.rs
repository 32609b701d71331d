//! One exchange over HTTP with a service of the PKI (a time-stamping authority, an OCSP
//! responder, a CRL's distribution point), under one deadline for the whole of it: attempts
//! retried with back-off while what failed may mend by waiting (a timeout, a dropped connection,
//! HTTP 5xx or 429), through the proxy `HTTP_PROXY`/`HTTPS_PROXY` name, redirects said and not
//! followed. Nothing it returns is believed until its caller checks it.

use std::time::{Duration, Instant};

/// What to send: a POST with its body and content type, or a GET.
pub enum Ask<'a> {
    /// POST `body` as `content_type`, accepting `accept`.
    Post {
        /// The request.
        body: &'a [u8],
        /// Its content type.
        content_type: &'a str,
        /// The content type of the answer asked for.
        accept: &'a str,
    },
    /// GET.
    Get,
}

/// Why no answer was had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// No answer within the deadline; what the last attempt met.
    Deadline(String),
    /// An answer that is no answer (a refusal, a redirect, a body too large), or a failure that
    /// waiting cannot mend; why.
    Refused(String),
}

/// The body of the answer to `ask` at `url`, at most `limit` bytes, within `timeout`; a redirect
/// is said with `instead` (where the user writes the address the server gives instead).
pub fn exchange(url: &str, ask: &Ask<'_>, timeout: Duration, limit: u64, instead: &str) -> Result<Vec<u8>, Failure> {
    let start = Instant::now();
    let mut pause = Duration::from_secs(1);
    let mut last = String::from("chưa thử");
    loop {
        let left = timeout.saturating_sub(start.elapsed());
        if left.is_zero() {
            return Err(Failure::Deadline(last));
        }
        // one attempt within what is left of the deadline; the proxy from the environment; a
        // redirect is not followed: a POST redirected loses its body (or becomes a GET)
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(left))
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .user_agent("baocao")
            .build()
            .into();
        let attempt = match ask {
            Ask::Post { body, content_type, accept } => {
                agent.post(url).header("Content-Type", *content_type).header("Accept", *accept).send(*body)
            }
            Ask::Get => agent.get(url).call(),
        };
        match attempt {
            Ok(mut reply) if reply.status().is_success() => {
                return match reply.body_mut().with_config().limit(limit).read_to_vec() {
                    Ok(b) => Ok(b),
                    Err(ureq::Error::Timeout(_)) => Err(Failure::Deadline("hết thời gian chờ".to_owned())),
                    Err(ureq::Error::BodyExceedsLimit(_)) => {
                        Err(Failure::Refused(format!("câu trả lời lớn hơn {} KiB", limit / 1024)))
                    }
                    Err(e) => Err(Failure::Refused(format!("câu trả lời không đọc được: {}", said(&e)))),
                };
            }
            // a server busy or failing may answer later; a request it refuses will not
            Ok(reply) if reply.status().is_server_error() || reply.status().as_u16() == 429 => {
                last = format!("HTTP {}", reply.status())
            }
            Ok(reply) if reply.status().is_redirection() => {
                let to = reply.headers().get("location").and_then(|l| l.to_str().ok()).map(shown).unwrap_or_default();
                return Err(Failure::Refused(format!(
                    "HTTP {}: máy chủ chuyển hướng tới {to:?}; {instead}",
                    reply.status()
                )));
            }
            Ok(reply) => return Err(Failure::Refused(format!("HTTP {}", reply.status()))),
            // what waiting cannot mend: said at once
            Err(e) if !transient(&e) => return Err(Failure::Refused(said(&e))),
            Err(e) => last = said(&e),
        }
        let left = timeout.saturating_sub(start.elapsed());
        std::thread::sleep(pause.min(left));
        pause = (pause * 2).min(Duration::from_secs(30));
    }
}

/// `url` as said in a message: without a user name or password it may carry.
pub fn shown(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let host_end = rest.find('/').unwrap_or(rest.len());
            match rest[..host_end].rfind('@') {
                Some(at) => format!("{scheme}://{}", &rest[at + 1..]),
                None => url.to_owned(),
            }
        }
        None => url.to_owned(),
    }
}

/// A failure another attempt may not meet: a timeout, a refused or dropped connection, an I/O
/// error (a name that does not resolve, a proxy that refuses, a TLS certificate not trusted, a
/// bad address are not).
fn transient(e: &ureq::Error) -> bool {
    matches!(e, ureq::Error::Timeout(_) | ureq::Error::ConnectionFailed | ureq::Error::Io(_))
}

/// What an attempt met, as a user reads it.
fn said(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => "hết thời gian chờ".to_owned(),
        ureq::Error::HostNotFound => "không tìm thấy máy chủ".to_owned(),
        ureq::Error::ConnectionFailed => "không kết nối được".to_owned(),
        ureq::Error::Io(e) => format!("lỗi mạng: {e}"),
        ureq::Error::ConnectProxyFailed(why) => format!("máy chủ proxy từ chối: {why}"),
        ureq::Error::BadUri(why) => format!("địa chỉ không hợp lệ: {why}"),
        e => e.to_string(),
    }
}
