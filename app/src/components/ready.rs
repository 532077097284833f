//! Awaiting a page's data inside a `Suspend`, so that the server builds the page's view once.
//!
//! On the server a `<Suspense>`/`<Transition>` walks its children twice before it renders them
//! (`dry_resolve`, once to register their resource reads and once more to look for reads nested
//! behind those), and each walk runs the children's closure: a fresh `Suspend`, polled once. When the
//! data is already there (a cached read), that one poll ran the whole async block, so the page's
//! view was built three times and written once. [`ready`] awaits the data (so the walk still
//! registers the read) and then, on the server only, gives way once: the walks stop there, and only
//! the render goes on to build the view. The browser's hydration is unchanged (no yield there).
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::task::{Context, Poll};

/// The data of `f` (a resource), once loaded; on the server, one poll later.
pub async fn ready<F: IntoFuture>(f: F) -> F::Output {
    let value = f.await;
    #[cfg(feature = "ssr")]
    GiveWay(false).await;
    value
}

/// Pending on its first poll (asking to be polled again at once), ready on the next.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
struct GiveWay(bool);

impl Future for GiveWay {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::Waker;

    #[test]
    fn gives_way_once_then_is_ready() {
        let mut cx = Context::from_waker(Waker::noop());
        let mut f = std::pin::pin!(GiveWay(false));
        assert!(f.as_mut().poll(&mut cx).is_pending());
        assert!(f.as_mut().poll(&mut cx).is_ready());
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn on_the_server_data_already_there_is_not_ready_on_the_first_poll() {
        let mut cx = Context::from_waker(Waker::noop());
        let mut f = std::pin::pin!(ready(std::future::ready(7)));
        assert!(f.as_mut().poll(&mut cx).is_pending());
        assert_eq!(f.as_mut().poll(&mut cx), Poll::Ready(7));
    }

    /// How many times a `<Transition>`'s view is built to be written once, with the data awaited
    /// plainly and through [`ready`].
    #[cfg(feature = "ssr")]
    async fn builds_of_one_render(through_ready: bool) -> (usize, String) {
        use futures::StreamExt;
        use leptos::prelude::*;
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::Arc;
        let _ = any_spawner::Executor::init_tokio();
        let builds = Arc::new(AtomicUsize::new(0));
        let owner = Owner::new();
        let counted = builds.clone();
        let stream = owner.with(move || {
            view! {
                <Transition>
                    {move || {
                        let counted = counted.clone();
                        Suspend::new(async move {
                            let n = if through_ready { ready(std::future::ready(7)).await } else { std::future::ready(7).await };
                            counted.fetch_add(1, Ordering::SeqCst);
                            view! { <p>{n}</p> }
                        })
                    }}
                </Transition>
            }
            .to_html_stream_in_order()
        });
        let html = stream.collect::<Vec<String>>().await.concat();
        (builds.load(Ordering::SeqCst), html)
    }

    #[cfg(feature = "ssr")]
    #[tokio::test]
    async fn a_transition_builds_its_view_once_when_its_data_is_awaited_through_ready() {
        let (plain, plain_html) = builds_of_one_render(false).await;
        let (once, html) = builds_of_one_render(true).await;
        // What leptos does with data already there: three builds for one write.
        assert_eq!(plain, 3, "leptos changed how often a Transition runs its children; see the module's note");
        assert_eq!(once, 1);
        assert!(html.starts_with("<p>7"), "{html}");
        assert_eq!(html, plain_html);
    }
}
