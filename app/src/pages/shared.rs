//! The views most signed-in pages draw, compiled into the main WebAssembly module instead of the
//! pages' lazy chunks. `wasm-split` cuts code that several lazy pages share into many small chunks,
//! which compress about a third worse than one file (docs/PERFORMANCE.md); code the main module
//! reaches stays in it. The browser's entry point holds a pointer to [`keep`]; nothing calls it.
use crate::components::form::{BackField, Field, SelectField};
use crate::components::status::{ErrorPage, FormError, Notice};
use crate::components::table::{use_list_query, FilterSelect, ListFilters, ListFooter, SortHeader};
use crate::error::AppError;
use crate::pages::programmes::ProgrammeHeader;
use leptos::prelude::*;

pub fn keep() -> AnyView {
    let query = use_list_query(&[]);
    view! {
        <ProgrammeHeader id=Signal::derive(String::new) current="" />
        <ListFilters query=query search_label=String::new()>
            <FilterSelect query=query name="x" label=String::new() options=vec![] />
        </ListFilters>
        <SortHeader query=query column="x" label=String::new() sorted=Signal::derive(String::new) desc=Signal::derive(|| false) />
        <ListFooter query=query total=0 next=None />
        <FormError error=AppError::NotFound />
        <ErrorPage error=AppError::NotFound />
        <Notice text=String::new() />
        <BackField />
        <Field name="x" label=String::new() error=Signal::derive(|| None) />
        <SelectField name="x" label=String::new() options=vec![] error=Signal::derive(|| None) />
    }
    .into_any()
}
