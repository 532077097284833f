//! A page's data: a blocking resource whose hydration copy leaves out what the page writes only as
//! inert markup (see [`crate::wire::hydration`]).
use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::future::Future;
use std::pin::Pin;

/// JSON, without the fields marked inert-only, for the page's hydration script.
pub struct Lean;

impl<T: Serialize> Encoder<T> for Lean {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, Self::Error> {
        crate::wire::hydration::encode(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for Lean {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(value: &str) -> Result<T, Self::Error> {
        serde_json::from_str(value)
    }
}

/// The data a page renders, loaded before the page is sent (`Resource::new_blocking`), sent lean
/// for hydration. The fetcher's future is boxed at once: a server function's future holds its
/// whole body, and leptos' resource machinery moves the future it is given several times before it
/// boxes it (memory copies were 13–17 % of a page's instructions).
#[track_caller]
pub fn page_data<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T, Lean>
where
    S: Send + Sync + Clone + PartialEq + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(
        source,
        move |s| -> Pin<Box<dyn Future<Output = T> + Send>> { Box::pin(fetcher(s)) },
        true,
    )
}
