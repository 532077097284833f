//! Who may do what. Deny by default: each action lists the roles allowed, everyone else is refused.
//! Platform admins act as `Admin` in every programme.
use crate::backend::auth::Ctx;
use crate::domain::scope::in_subtree;
use crate::domain::{Role, Scope};
use crate::error::AppError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// See a programme, its work packages and its jurisdiction tree.
    ReadProgramme,
    /// See who belongs to a programme.
    ReadPeople,
    /// Build the jurisdiction tree.
    EditJurisdictions,
    /// Invite people into a programme.
    Invite,
    /// Read a programme's audit log.
    ReadAudit,
}

impl Action {
    pub fn allowed_roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Action::ReadProgramme => &[Admin, Coordinator, Official, Member, Observer],
            // Members act for their organisation; the programme's contact list is not theirs to read.
            Action::ReadPeople => &[Admin, Coordinator, Official, Observer],
            Action::EditJurisdictions | Action::Invite | Action::ReadAudit => &[Admin, Coordinator],
        }
    }
}

/// Refuses unless `ctx` may do `action` in `programme_id`. A programme the person does not belong to
/// answers `NotFound`, so its existence is not revealed.
pub fn require(ctx: &Ctx, action: Action, programme_id: &str) -> Result<Role, AppError> {
    let role = ctx.role_in(programme_id).ok_or(AppError::NotFound)?;
    if action.allowed_roles().contains(&role) {
        Ok(role)
    } else {
        Err(AppError::Forbidden)
    }
}

pub fn require_admin(ctx: &Ctx) -> Result<(), AppError> {
    if ctx.is_admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Whether a record at `record` lies within what `ctx` covers in its programme: officials their
/// jurisdiction subtree, members their organisation, the others the whole programme.
pub fn covers(ctx: &Ctx, record: &Scope) -> bool {
    let Some(mine) = ctx.scope_in(&record.programme) else { return false };
    let role = ctx.role_in(&record.programme);
    match role {
        Some(Role::Official) => match (&mine.jurisdiction_path, &record.jurisdiction_path) {
            (Some(root), Some(path)) => in_subtree(root, path),
            _ => false,
        },
        Some(Role::Member) => mine.organisation.is_some() && mine.organisation == record.organisation,
        Some(_) => true,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::auth::Membership;

    fn ctx(role: Option<Role>, admin: bool, path: Option<&str>, org: Option<&str>) -> Ctx {
        Ctx {
            user_id: "u".into(),
            email: "u@example.org".into(),
            name: "U".into(),
            is_admin: admin,
            memberships: role
                .map(|role| Membership {
                    programme_id: "p1".into(),
                    programme_name: "P1".into(),
                    role,
                    jurisdiction_path: path.map(str::to_string),
                    jurisdiction_name: None,
                    organisation_id: org.map(str::to_string),
                    organisation_name: None,
                })
                .into_iter()
                .collect(),
        }
    }

    #[test]
    fn outsiders_get_not_found_and_lower_roles_forbidden() {
        let obs = ctx(Some(Role::Observer), false, None, None);
        assert_eq!(require(&obs, Action::ReadProgramme, "p1"), Ok(Role::Observer));
        assert_eq!(require(&obs, Action::EditJurisdictions, "p1"), Err(AppError::Forbidden));
        assert_eq!(require(&obs, Action::ReadProgramme, "p2"), Err(AppError::NotFound));
        let admin = ctx(None, true, None, None);
        assert_eq!(require(&admin, Action::EditJurisdictions, "p2"), Ok(Role::Admin));
    }

    #[test]
    fn scopes_follow_subtree_and_organisation() {
        let official = ctx(Some(Role::Official), false, Some("/X/X-N/"), None);
        let at =
            |path: &str| Scope { programme: "p1".into(), jurisdiction_path: Some(path.into()), organisation: None };
        assert!(covers(&official, &at("/X/X-N/X-N-1/")));
        assert!(!covers(&official, &at("/X/X-S/")));
        assert!(!covers(&official, &Scope { programme: "p2".into(), ..at("/X/X-N/") }));
        let member = ctx(Some(Role::Member), false, None, Some("o1"));
        let org = |o: &str| Scope { programme: "p1".into(), jurisdiction_path: None, organisation: Some(o.into()) };
        assert!(covers(&member, &org("o1")));
        assert!(!covers(&member, &org("o2")));
        let coordinator = ctx(Some(Role::Coordinator), false, None, None);
        assert!(covers(&coordinator, &org("o2")));
    }
}
