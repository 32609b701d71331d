//! The e-mail package: a standard RFC 5322 message (`.eml`) with the report attached, built with
//! lettre's message builder (reports.md, "Files, preview and the e-mail package").
//!
//! Headers are lettre's to encode (RFC 2047 for the Vietnamese subject, quoted names), so no
//! value can add a header; the input already refuses control characters in names.

use std::time::{SystemTime, UNIX_EPOCH};

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::Message;

use crate::messages::tr;
use crate::model::{Document, Report};
use crate::vn;

/// Government mailboxes often refuse more than this in attachments (a warning, not an error).
pub const ATTACHMENTS_WARNING_BYTES: usize = 10 * 1024 * 1024;

/// The MIME type of a DOCX.
pub const DOCX_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// A file to attach.
#[derive(Debug, Clone)]
pub struct File {
    /// Its name in the message (and in the output folder).
    pub name: String,
    /// Its MIME type.
    pub mime: &'static str,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Which address of the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The document's `issuer.email` (the sender).
    IssuerEmail,
    /// The document's `submit_to.email` (the addressee).
    SubmitTo,
    /// The sender the caller gave (used when the document has no `issuer.email`).
    From,
    /// The caller's copies, the `n`-th (from 0).
    Cc(usize),
}

impl Field {
    /// The caller gave it (not the document): a bad one is the caller's mistake.
    pub fn from_caller(self) -> bool {
        matches!(self, Field::From | Field::Cc(_))
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Field::IssuerEmail => f.write_str("issuer.email"),
            Field::SubmitTo => f.write_str("submit_to.email"),
            Field::From => f.write_str(&tr!("the sender address")),
            Field::Cc(i) => f.write_str(&tr!("copy address {n}", n = i + 1)),
        }
    }
}

/// Why the message cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// No sender: neither `issuer.email` nor a sender from the caller.
    NoSender,
    /// An address does not parse.
    Address {
        /// Which address.
        field: Field,
        /// As given.
        value: String,
        /// Why not.
        reason: String,
    },
    /// lettre refused to build the message.
    Build(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl std::fmt::Display for MailError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            MailError::NoSender => tr!("issuer.email: required to send by e-mail (or give a sender address)"),
            MailError::Address { field, value, reason } => {
                tr!("{field}: {value} is not an e-mail address: {reason}", field, value = format!("{value:?}"), reason)
            }
            MailError::Build(e) => tr!("cannot build the message: {e}", e),
        })
    }
}

/// The subject: `Báo cáo tình hình triển khai mô hình 4 lớp tháng 5/2020 - <issuer> - <parent>`.
pub fn subject(doc: &Document) -> String {
    let what = format!("{} {}", doc.kind().subject(), doc.period().phrase());
    match &doc.issuer.parent {
        Some(parent) => format!("{what} - {} - {parent}", doc.issuer.name),
        None => format!("{what} - {}", doc.issuer.name),
    }
}

/// Who signed the attached PDF, and when (from its verified signatures).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    /// The signer's name (and organisation), from the certificate.
    pub name: String,
    /// When.
    pub time: Option<chrono::DateTime<chrono::FixedOffset>>,
}

impl Signer {
    /// `Đỗ Văn Hùng, lúc 09:15:30 ngày 20/5/2020 (+07:00)`.
    fn describe(&self) -> String {
        match self.time {
            Some(t) => format!(
                "{}, lúc {} ngày {} ({})",
                self.name,
                t.format("%H:%M:%S"),
                vn::short_date(t.date_naive()),
                t.offset()
            ),
            None => self.name.clone(),
        }
    }
}

/// The contact line of an owner's annual report: the first owner's specialised unit.
fn security_unit_contact(owners: &[crate::model::OwnerInfo], text: &mut String) {
    if let Some(o) = owners.first() {
        let u = &o.security_unit;
        text.push_str(&format!("\nĐầu mối liên hệ: {}; điện thoại: {}; thư điện tử: {}.\n", u.name, u.phone, u.email));
    }
}

/// A short Vietnamese body naming the report, the period, the issuer and whom to contact; with
/// `signed`, who signed the attached PDF and when.
pub fn body(doc: &Document, title: &str, files: &[File], signed: Option<&[Signer]>) -> String {
    let number = vn::labelled_number("số", doc.number, &doc.symbol());
    let date = doc.date.map(|d| format!(" ngày {}", vn::short_date(d))).unwrap_or_default();
    let mut text = format!(
        "Kính gửi: {}.\n\n{} trân trọng gửi {} {}{} {}.\n\nTệp đính kèm:\n",
        doc.submit_to.name,
        doc.issuer.name,
        doc.kind().type_name(),
        number.trim_end(),
        date,
        lowercase_first(title),
    );
    for f in files {
        let what = match (f.mime == "application/pdf", signed) {
            (false, _) => "bản Word để tham khảo, chỉnh sửa".to_owned(),
            (true, None) => "bản PDF chưa ký số (bản chưa ký số)".to_owned(),
            (true, Some([])) => "văn bản điện tử đã ký số".to_owned(),
            (true, Some(signers)) => {
                let by: Vec<String> = signers.iter().map(Signer::describe).collect();
                format!("văn bản điện tử đã ký số (ký số bởi {})", by.join("; "))
            }
        };
        text.push_str(&format!("- {}: {what};\n", f.name));
    }
    if signed.is_none() {
        text.push_str("\nVăn bản chính thức là bản PDF đã ký số; bản gửi kèm thư này là bản chưa ký số.\n");
    }
    // whom to contact: a monthly report names its focal point; the others, the issuer's mailbox
    match (&doc.report, &doc.issuer.email) {
        (Report::Monthly(m), _) => {
            let fp = &m.layers.in_house.focal_point;
            let position = fp.position.as_ref().map(|p| format!(", {p}")).unwrap_or_default();
            text.push_str(&format!(
                "\nĐầu mối liên hệ: {}{position}; điện thoại: {}; thư điện tử: {}.\n",
                fp.name, fp.phone, fp.email
            ));
        }
        // the owner's report (single or consolidated): its specialised cybersecurity unit
        // answers for it (section 2 b); a unit's report, the unit itself
        (Report::Annual(a), _) if a.period.role == crate::model::AnnualRole::Owner => {
            security_unit_contact(&a.owners, &mut text);
        }
        (Report::Consolidated(c), _) if matches!(&*c.figures, crate::model::UnitFigures::Annual { .. }) => {
            if let crate::model::UnitFigures::Annual { own, .. } = &*c.figures {
                security_unit_contact(&own.owners, &mut text);
            }
        }
        (Report::Assessment(_) | Report::Consolidated(_) | Report::Annual(_), Some(email)) => {
            text.push_str(&format!("\nĐầu mối liên hệ: {email}.\n"));
        }
        (Report::Assessment(_) | Report::Consolidated(_) | Report::Annual(_), None) => {}
    }
    text.push_str(&format!("\nTrân trọng./.\n{}\n", doc.issuer.name));
    text
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The caller's sender and copies are addresses, checked once before any message is made (a batch
/// given a bad `--from` failed every unit and exited 1, where `email` exits 2).
pub fn check_caller(from: Option<&str>, cc: &[String]) -> Result<(), MailError> {
    if let Some(from) = from {
        mailbox(Field::From, None, from)?;
    }
    for (i, c) in cc.iter().enumerate() {
        mailbox(Field::Cc(i), None, c)?;
    }
    Ok(())
}

/// An address by the one rule the input also checks ([`crate::input::email`]).
fn mailbox(field: Field, name: Option<&str>, address: &str) -> Result<Mailbox, MailError> {
    let refused = |reason: String| MailError::Address { field, value: address.to_owned(), reason };
    crate::input::email::check(address).map_err(|why| refused(why.to_owned()))?;
    let parsed: lettre::Address = address.parse().map_err(|e: lettre::address::AddressError| refused(e.to_string()))?;
    Ok(Mailbox::new(name.map(str::to_owned), parsed))
}

/// The message: To `submit_to.email`, From the issuer's e-mail (or `from`), Cc, the Vietnamese
/// subject, the body and the files attached. Its Date and Message-ID are of the moment.
pub fn build(
    doc: &Document,
    title: &str,
    files: &[File],
    cc: &[String],
    from: Option<&str>,
    signed: Option<&[Signer]>,
) -> Result<Message, MailError> {
    let from_address = from.or(doc.issuer.email.as_deref()).ok_or(MailError::NoSender)?;
    let sender =
        mailbox(if from.is_some() { Field::From } else { Field::IssuerEmail }, Some(&doc.issuer.name), from_address)?;
    let to = mailbox(Field::SubmitTo, Some(&doc.submit_to.name), &doc.submit_to.email)?;
    let domain = from_address.rsplit_once('@').map_or("localhost", |(_, d)| d);
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let mut builder = Message::builder()
        .from(sender)
        .to(to)
        .subject(subject(doc))
        .date_now()
        .message_id(Some(format!("<{now:x}.{}.baocao@{domain}>", std::process::id())));
    for (i, c) in cc.iter().enumerate() {
        builder = builder.cc(mailbox(Field::Cc(i), None, c)?);
    }
    let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(body(doc, title, files, signed)));
    for f in files {
        let kind = ContentType::parse(f.mime).map_err(|e| MailError::Build(Box::new(e)))?;
        parts = parts.singlepart(Attachment::new(f.name.clone()).body(f.bytes.clone(), kind));
    }
    builder.multipart(parts).map_err(|e| MailError::Build(Box::new(e)))
}

/// How to reach the SMTP server.
#[derive(Debug, Clone)]
pub struct Smtp {
    /// Host name or address.
    pub host: String,
    /// Port; default 465 (implicit TLS) with TLS, 587 with STARTTLS is chosen by giving it, 25
    /// for plain SMTP.
    pub port: Option<u16>,
    /// User name; the password comes only from `BAOCAO_SMTP_PASSWORD`.
    pub user: Option<String>,
    /// Plain SMTP, no TLS: only to a loopback address.
    pub plain: bool,
    /// The whole exchange (connecting, TLS, login, sending) must end within this; default
    /// [`DEFAULT_TIMEOUT`].
    pub timeout: std::time::Duration,
}

/// The default deadline of a whole send.
pub const DEFAULT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Why sending failed (the `.eml` stays on disk, so nothing is lost).
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Refused before connecting: plain SMTP to a host that is not a loopback address.
    PlainNotLoopback {
        /// The server.
        host: String,
    },
    /// Refused before connecting: TLS to the host cannot be set up.
    Tls {
        /// The server.
        host: String,
        /// Why.
        #[source]
        source: lettre::transport::smtp::Error,
    },
    /// Refused before connecting: a user name without its password in the environment.
    NoPassword,
    /// The server could not be reached or the connection failed.
    Connection {
        /// The server.
        host: String,
        /// Why.
        #[source]
        source: lettre::transport::smtp::Error,
    },
    /// The server could not be reached.
    Connect {
        /// The server.
        host: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The server sent more than an SMTP exchange ever needs (one endless reply line grew memory
    /// by gigabytes).
    TooMuch {
        /// The server.
        host: String,
    },
    /// The server refused the user name and password.
    Authentication {
        /// The server.
        host: String,
        /// Who tried.
        user: String,
        /// The server's words.
        #[source]
        source: lettre::transport::smtp::Error,
    },
    /// The server refused the message or a recipient.
    Rejected {
        /// The server.
        host: String,
        /// The server's words.
        #[source]
        source: lettre::transport::smtp::Error,
    },
    /// The exchange did not end within the deadline (a silent or a trickling server).
    Timeout {
        /// The server.
        host: String,
        /// The deadline.
        seconds: u64,
    },
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            SendError::PlainNotLoopback { host } => tr!(
                "plain SMTP sends the password and the report unencrypted; it is allowed only to a loopback address, not {host}",
                host = format!("{host:?}")
            ),
            SendError::Tls { host, source } => tr!("TLS to {host}: {e}", host, e = source),
            SendError::NoPassword => {
                tr!("a user name needs the password in the environment variable BAOCAO_SMTP_PASSWORD")
            }
            SendError::Connection { host, source } => tr!("cannot connect to {host}: {e}", host, e = source),
            SendError::Connect { host, source } => tr!("cannot connect to {host}: {e}", host, e = source),
            SendError::TooMuch { host } => tr!(
                "{host} sent more than {kib} KiB in one exchange; it is not answering as an SMTP server does",
                host,
                kib = MAX_SERVER_BYTES / 1024
            ),
            SendError::Authentication { host, user, source } => {
                tr!("{host} refused the login of {user}: {e}", host, user = format!("{user:?}"), e = source)
            }
            SendError::Rejected { host, source } => tr!("{host} rejected the message: {e}", host, e = source),
            SendError::Timeout { host, seconds } => {
                tr!("timeout: the exchange with {host} did not end within {seconds} s", host, seconds)
            }
        })
    }
}

/// Whether `host` names this machine's loopback interface.
pub fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || unbracketed(host).parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// `::1` for `[::1]`: an IPv6 address as a URL writes it, as name lookup takes it.
fn unbracketed(host: &str) -> &str {
    host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host)
}

/// Whether a failed exchange ran out of time (lettre's socket timeout gives `TimedOut` or, on
/// Linux, `WouldBlock`: "Resource temporarily unavailable").
fn timed_out(e: &lettre::transport::smtp::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(err) = source {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            return matches!(io.kind(), std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock);
        }
        source = err.source();
    }
    false
}

/// The most an SMTP server may send in one exchange: its replies are a few short lines each
/// (RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets) and TLS adds its handshake, the
/// server's certificates. lettre reads a reply line whole before it checks its length, so a server
/// sending one endless line grew memory by 1.3 GB in 5 s: the bytes are counted on their way in.
pub const MAX_SERVER_BYTES: u64 = 1024 * 1024;

/// A loopback port lettre connects to, relaying to the server already connected, which stops the
/// exchange (both ways shut) once the server has sent [`MAX_SERVER_BYTES`]; whether it did.
fn bounded_relay(
    host: &str,
    port: u16,
    deadline: std::time::Duration,
) -> std::io::Result<(u16, std::sync::Arc<std::sync::atomic::AtomicBool>)> {
    use std::io::{Read, Write};
    use std::net::{Shutdown, TcpListener, TcpStream, ToSocketAddrs};
    use std::sync::atomic::{AtomicBool, Ordering};
    let mut last = std::io::Error::new(std::io::ErrorKind::NotFound, tr!("no address"));
    let mut server = None;
    for addr in (host, port).to_socket_addrs()? {
        match TcpStream::connect_timeout(&addr, deadline) {
            Ok(s) => {
                server = Some(s);
                break;
            }
            Err(e) => last = e,
        }
    }
    let server = server.ok_or(last)?;
    let listener = TcpListener::bind(("127.0.0.1", 0))?;
    let local = listener.local_addr()?.port();
    let over = std::sync::Arc::new(AtomicBool::new(false));
    let flag = over.clone();
    std::thread::spawn(move || {
        let Ok((client, _)) = listener.accept() else { return };
        drop(listener);
        let (Ok(mut to_server), Ok(mut from_client)) = (server.try_clone(), client.try_clone()) else { return };
        std::thread::spawn(move || {
            let _ = std::io::copy(&mut from_client, &mut to_server);
            let _ = to_server.shutdown(Shutdown::Write);
        });
        let (mut from_server, mut to_client) = (server, client);
        let mut buf = [0u8; 8192];
        let mut total = 0u64;
        loop {
            let n = match from_server.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            total += n as u64;
            if total > MAX_SERVER_BYTES {
                flag.store(true, Ordering::SeqCst);
                let _ = from_server.shutdown(Shutdown::Both);
                let _ = to_client.shutdown(Shutdown::Both);
                return;
            }
            if to_client.write_all(&buf[..n]).is_err() {
                break;
            }
        }
        let _ = to_client.shutdown(Shutdown::Write);
    });
    Ok((local, over))
}

/// Sends `message` over SMTP: implicit TLS on port 465 (the default), STARTTLS on any other port,
/// plain SMTP only with `plain` and only to a loopback address. lettre talks to the server
/// through [`bounded_relay`] (the TLS it checks is the server's own: the relay passes bytes).
pub fn send(message: &Message, smtp: &Smtp) -> Result<(), SendError> {
    use lettre::transport::smtp::authentication::Credentials;
    use lettre::transport::smtp::client::{Tls, TlsParameters};
    use lettre::{SmtpTransport, Transport};
    let shown = smtp.host.as_str();
    let host = unbracketed(shown);
    let (port, tls) = if smtp.plain {
        if !is_loopback(host) {
            return Err(SendError::PlainNotLoopback { host: host.to_owned() });
        }
        (smtp.port.unwrap_or(25), Tls::None)
    } else {
        let port = smtp.port.unwrap_or(465);
        let params =
            TlsParameters::new(host.to_owned()).map_err(|source| SendError::Tls { host: host.to_owned(), source })?;
        (port, if port == 465 { Tls::Wrapper(params) } else { Tls::Required(params) })
    };
    let started = std::time::Instant::now();
    let (relay_port, over) = bounded_relay(host, port, smtp.timeout)
        .map_err(|source| SendError::Connect { host: shown.to_owned(), source })?;
    let builder = SmtpTransport::builder_dangerous("127.0.0.1").port(relay_port).tls(tls);
    let builder = match &smtp.user {
        Some(user) => {
            let password = std::env::var("BAOCAO_SMTP_PASSWORD").map_err(|_| SendError::NoPassword)?;
            builder.credentials(Credentials::new(user.clone(), password))
        }
        None => builder,
    };
    // lettre's timeout is a socket's, for each read and write: a server that trickles a byte at
    // a time is never timed out by it. The exchange runs on its own thread, waited on for the
    // whole deadline; one that outlives it is left to end with the process.
    let transport = builder.timeout(Some(smtp.timeout)).build();
    let (envelope, bytes) = (message.envelope().clone(), message.formatted());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(transport.send_raw(&envelope, &bytes)));
    let timeout = || SendError::Timeout { host: shown.to_owned(), seconds: smtp.timeout.as_secs() };
    let result = rx.recv_timeout(smtp.timeout.saturating_sub(started.elapsed())).map_err(|_| timeout())?;
    if over.load(std::sync::atomic::Ordering::SeqCst) {
        return Err(SendError::TooMuch { host: shown.to_owned() });
    }
    result.map(|_| ()).map_err(|source| {
        let code = source.status().map(|c| c.to_string()).unwrap_or_default();
        let host = shown.to_owned();
        if code.starts_with("53") {
            SendError::Authentication { host, user: smtp.user.clone().unwrap_or_default(), source }
        } else if source.is_permanent() || source.is_transient() {
            SendError::Rejected { host, source }
        } else if timed_out(&source) {
            timeout()
        } else {
            SendError::Connection { host, source }
        }
    })
}
