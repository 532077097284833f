//! Action items of meetings, as a table: a meeting's own, or the programme's overdue ones.
use crate::i18n::Lang;
use crate::wire::bodies::ActionView;
use leptos::prelude::*;

/// A list of action items (a meeting's, or the programme's overdue ones).
pub fn actions_table(
    lang: Lang,
    programme: &str,
    caption: String,
    items: &[ActionView],
    show_meeting: bool,
) -> impl IntoView {
    view! {
        <table>
            <caption>{caption}</caption>
            <thead><tr>
                <th scope="col">{lang.t("actions.title")}</th>
                {show_meeting.then(|| view! { <th scope="col">{lang.t("meetings.meeting")}</th> })}
                <th scope="col">{lang.t("actions.owner")}</th>
                <th scope="col">{lang.t("actions.due")}</th>
                <th scope="col">{lang.t("actions.status")}</th>
            </tr></thead>
            <tbody>
                {items.iter().map(|a| view! {
                    <tr class:overdue=a.overdue>
                        <th scope="row">{a.title.clone()}</th>
                        {show_meeting.then(|| view! { <td><a href=format!("/programmes/{programme}/meetings/{}", a.meeting_id)>{a.meeting.clone()}</a></td> })}
                        <td>{a.owner.clone()}</td>
                        <td>{a.due.clone()}{a.overdue.then(|| view! { " " <strong class="badge">{lang.t("actions.overdue")}</strong> })}</td>
                        <td>{lang.t(&format!("actions.status.{}", a.status))}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
