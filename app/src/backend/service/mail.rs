//! Mail goes through the outbox table: written with the change that causes it, sent by a background
//! loop when SMTP is configured. Messages are bilingual (English, then French): the recipient's
//! language is not known before they sign in.
use crate::backend::repo::outbox as repo;
use crate::backend::repo::Write;
use crate::backend::AppState;
use crate::i18n::Lang;

/// A bilingual message for the outbox, as a write to commit with the change that causes it.
pub fn message(to: &str, subject_key: &str, body_key: &str, args: &[(&str, &str)]) -> Write {
    let langs = Lang::staff();
    let subject = langs.iter().map(|l| l.t(subject_key)).collect::<Vec<_>>().join(" / ");
    let body = langs.iter().map(|l| l.tf(body_key, args).replace("\\n", "\n")).collect::<Vec<_>>().join("\n\n———\n\n");
    repo::queue_mail(to, &subject, &body)
}

/// Attempts after which a message is given up.
pub const MAX_ATTEMPTS: i64 = 5;

/// A message's body with every link replaced, kept once the message has left (or was given up):
/// the outbox must not hold usable single-use links.
pub fn scrub(body: &str) -> String {
    body.split_inclusive(char::is_whitespace)
        .map(|w| {
            let word = w.trim_end();
            if word.starts_with("http://") || word.starts_with("https://") {
                format!("[link removed after sending]{}", &w[word.len()..])
            } else {
                w.to_string()
            }
        })
        .collect()
}

/// The transport URL to use: `smtps://` as it is; `smtp://` with STARTTLS required unless plain
/// text is explicitly allowed; a URL that turns TLS off is refused unless it is.
pub fn transport_url(url: &str, allow_plaintext: bool) -> Result<String, String> {
    let (scheme, _) = url.split_once("://").ok_or("the SMTP URL needs a scheme: smtp:// or smtps://")?;
    let turns_tls_off = url.contains("tls=none") || url.contains("tls=opportunistic");
    match scheme {
        "smtps" => Ok(url.to_string()),
        "smtp" if turns_tls_off && !allow_plaintext => {
            Err("the SMTP URL turns TLS off; pass --smtp-allow-plaintext to allow that".into())
        }
        "smtp" if url.contains("tls=") => Ok(url.to_string()),
        "smtp" if allow_plaintext => Ok(url.to_string()),
        "smtp" => Ok(format!("{url}{}tls=required", if url.contains('?') { "&" } else { "?" })),
        other => Err(format!("unknown SMTP scheme {other}: use smtp:// or smtps://")),
    }
}

type Transport = lettre::AsyncSmtpTransport<lettre::Tokio1Executor>;

pub fn transport(state: &AppState) -> Result<Option<Transport>, String> {
    let Some(url) = state.settings.smtp_url.as_deref() else { return Ok(None) };
    let url = transport_url(url, state.settings.smtp_allow_plaintext)?;
    Ok(Some(Transport::from_url(&url).map_err(|e| e.to_string())?.build()))
}

/// One pass over the outbox: sends up to 20 messages; returns how many left.
pub async fn send_pending(state: &AppState, transport: &Transport) -> usize {
    use lettre::message::Message;
    use lettre::AsyncTransport;
    let batch = match repo::unsent_mail(&state.db, 20).await {
        Ok(b) => b,
        Err(e) => {
            tracing::warn!(error = %e, "could not read the outbox");
            return 0;
        }
    };
    let from = state.settings.mail_from.parse().unwrap_or_else(|_| "tessera@localhost".parse().expect("valid"));
    let mut sent = 0;
    for m in batch {
        let result = match m.recipient.parse() {
            Ok(to) => match Message::builder()
                .from(Clone::clone(&from))
                .to(to)
                .subject(m.subject.clone())
                .body(m.body.clone())
            {
                Ok(msg) => transport.send(msg).await.map(|_| ()).map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            },
            Err(_) => Err("the recipient is not a valid address".to_string()),
        };
        let scrubbed = scrub(&m.body);
        let marked = match &result {
            Ok(()) => {
                sent += 1;
                repo::mark_sent(&state.db, &m.id, &scrubbed).await
            }
            Err(e) => {
                if m.attempts + 1 >= MAX_ATTEMPTS {
                    tracing::warn!(message = %m.id, attempts = m.attempts + 1, "mail given up");
                }
                repo::mark_failed_attempt(&state.db, &m.id, e, MAX_ATTEMPTS, &scrubbed).await
            }
        };
        if let Err(e) = marked {
            tracing::warn!(error = %e, "could not update the outbox");
        }
    }
    sent
}

/// Sends what waits in the outbox, forever, every few seconds.
pub async fn run_sender(state: AppState) {
    let transport = match transport(&state) {
        Ok(Some(t)) => t,
        Ok(None) => return,
        Err(e) => {
            tracing::error!(error = %e, "SMTP not usable; mail stays in the outbox");
            return;
        }
    };
    loop {
        send_pending(&state, &transport).await;
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_scrubbed_and_tls_is_required() {
        assert_eq!(
            scrub("Open https://x.example/invitation/abc\nor http://y/z now"),
            "Open [link removed after sending]\nor [link removed after sending] now"
        );
        assert_eq!(transport_url("smtp://h:587", false).unwrap(), "smtp://h:587?tls=required");
        assert_eq!(transport_url("smtps://h", false).unwrap(), "smtps://h");
        assert!(transport_url("smtp://h?tls=none", false).is_err());
        assert_eq!(transport_url("smtp://h:25", true).unwrap(), "smtp://h:25");
        assert!(transport_url("http://h", false).is_err());
    }
}
