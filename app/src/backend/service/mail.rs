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

/// Sends what waits in the outbox, forever, every few seconds. Failures are retried up to five times.
pub async fn run_sender(state: AppState) {
    use lettre::message::Message;
    use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
    let Some(url) = state.settings.smtp_url.clone() else { return };
    let transport = match AsyncSmtpTransport::<Tokio1Executor>::from_url(&url) {
        Ok(b) => b.build(),
        Err(e) => {
            tracing::error!(error = %e, "SMTP URL not usable; mail stays in the outbox");
            return;
        }
    };
    loop {
        match repo::unsent_mail(&state.db, 20).await {
            Ok(batch) => {
                for m in batch {
                    let msg = Message::builder()
                        .from(
                            state
                                .settings
                                .mail_from
                                .parse()
                                .unwrap_or_else(|_| "tessera@localhost".parse().expect("valid")),
                        )
                        .to(match m.recipient.parse() {
                            Ok(to) => to,
                            Err(_) => continue,
                        })
                        .subject(m.subject.clone())
                        .body(m.body.clone());
                    let result = match msg {
                        Ok(msg) => transport.send(msg).await.map(|_| ()).map_err(|e| e.to_string()),
                        Err(e) => Err(e.to_string()),
                    };
                    if let Err(e) = repo::mark_mail(&state.db, &m.id, result.err()).await {
                        tracing::warn!(error = %e, "could not update the outbox");
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "could not read the outbox"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    }
}
