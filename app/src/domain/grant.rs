//! Who may do what, and the proof that they may. Deny by default: each action lists the roles
//! allowed, everyone else is refused. A [`Grant`] is made only by [`authorize`]; repositories that
//! read or write scoped records take one, so a query that skipped authorization does not compile, and
//! the programme and reach it carries are what the query filters on.
use super::scope::in_subtree;
use super::{Role, Scope};

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
    /// Create organisations in the register and edit them: coordinators anywhere, officials inside
    /// their subtree.
    EditOrganisations,
    /// Edit one's own organisation's profile (members).
    EditOwnOrganisation,
    /// Extend the programme's vocabularies (sectors).
    EditVocabulary,
    /// Keep the policy inventory: coordinators anywhere, officials for their subtree's jurisdictions.
    EditPolicies,
    /// Run the hub and the consultative platforms: seats, meetings, action items.
    ManageBodies,
    /// Run consultation rounds: create, write the questionnaire, open, close, read and answer the
    /// anonymous feedback, publish.
    ManageRounds,
    /// Answer a round for one's jurisdiction (officials) or organisation (members).
    AnswerRounds,
    /// Answer a person's access or erasure request: everything held on them, exported or erased.
    ManagePersonalData,
}

impl Action {
    pub fn allowed_roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Action::ReadProgramme => &[Admin, Coordinator, Official, Member, Observer],
            // Members act for their organisation; the programme's contact list is not theirs to read.
            Action::ReadPeople => &[Admin, Coordinator, Official, Observer],
            Action::EditJurisdictions
            | Action::Invite
            | Action::ReadAudit
            | Action::EditVocabulary
            | Action::ManageBodies
            | Action::ManageRounds
            | Action::ManagePersonalData => &[Admin, Coordinator],
            Action::EditOrganisations | Action::EditPolicies => &[Admin, Coordinator, Official],
            Action::EditOwnOrganisation => &[Member],
            Action::AnswerRounds => &[Official, Member],
        }
    }
}

/// What a grant reaches inside its programme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Everything in the programme (admins, coordinators, observers).
    Programme,
    /// An official's jurisdiction subtree: the materialised path prefix.
    Subtree(String),
    /// A member's organisation.
    Organisation(String),
}

/// Proof that one action was authorized in one programme, and the reach it was authorized with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    programme: String,
    role: Role,
    action: Action,
    reach: Reach,
}

/// The acting person as authorization sees them in one programme: their role there (`Admin` for
/// platform admins) and their membership's jurisdiction path or organisation.
#[derive(Clone, Debug, Default)]
pub struct Actor<'a> {
    pub role: Option<Role>,
    pub jurisdiction_path: Option<&'a str>,
    pub organisation: Option<&'a str>,
}

/// Why authorization refused: the programme is not the person's (`NotFound`, so its existence is not
/// revealed), or their role may not do this (`Forbidden`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Denied {
    NotFound,
    Forbidden,
}

/// Decides. A programme the person does not belong to answers `NotFound`, so its existence is not
/// revealed; a role the action does not list answers `Forbidden`. An official without a jurisdiction
/// or a member without an organisation reaches nothing and is refused.
pub fn authorize(actor: &Actor<'_>, action: Action, programme: &str) -> Result<Grant, Denied> {
    let role = actor.role.ok_or(Denied::NotFound)?;
    if !action.allowed_roles().contains(&role) {
        return Err(Denied::Forbidden);
    }
    let reach = match role {
        Role::Official => Reach::Subtree(actor.jurisdiction_path.ok_or(Denied::Forbidden)?.to_string()),
        Role::Member => Reach::Organisation(actor.organisation.ok_or(Denied::Forbidden)?.to_string()),
        _ => Reach::Programme,
    };
    Ok(Grant { programme: programme.to_string(), role, action, reach })
}

impl Grant {
    pub fn programme(&self) -> &str {
        &self.programme
    }
    pub fn role(&self) -> Role {
        self.role
    }
    pub fn action(&self) -> Action {
        self.action
    }
    pub fn reach(&self) -> &Reach {
        &self.reach
    }
    /// The jurisdiction path prefix a query keeps to, if any.
    pub fn subtree(&self) -> Option<&str> {
        match &self.reach {
            Reach::Subtree(p) => Some(p),
            _ => None,
        }
    }
    /// The organisation a query keeps to, if any.
    pub fn organisation(&self) -> Option<&str> {
        match &self.reach {
            Reach::Organisation(o) => Some(o),
            _ => None,
        }
    }
    /// Whether a record lies within this grant: its programme, and the official's subtree or the
    /// member's organisation.
    pub fn covers(&self, record: &Scope) -> bool {
        record.programme == self.programme
            && match &self.reach {
                Reach::Programme => true,
                Reach::Subtree(root) => record.jurisdiction_path.as_deref().is_some_and(|p| in_subtree(root, p)),
                Reach::Organisation(o) => record.organisation.as_deref() == Some(o),
            }
    }
    /// Whether this grant sees the contact details of people placed at `jurisdiction_path`:
    /// coordinators and admins everyone's, officials those in their subtree, nobody else's.
    pub fn sees_contacts_at(&self, jurisdiction_path: Option<&str>) -> bool {
        match self.role {
            Role::Admin | Role::Coordinator => true,
            Role::Official => match (self.subtree(), jurisdiction_path) {
                (Some(root), Some(p)) => in_subtree(root, p),
                _ => false,
            },
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Option<Role>, path: Option<&'static str>, org: Option<&'static str>) -> Actor<'static> {
        Actor { role, jurisdiction_path: path, organisation: org }
    }

    #[test]
    fn outsiders_get_not_found_and_lower_roles_forbidden() {
        let obs = actor(Some(Role::Observer), None, None);
        assert_eq!(authorize(&obs, Action::ReadProgramme, "p1").unwrap().reach(), &Reach::Programme);
        assert_eq!(authorize(&obs, Action::EditJurisdictions, "p1"), Err(Denied::Forbidden));
        assert_eq!(authorize(&actor(None, None, None), Action::ReadProgramme, "p1"), Err(Denied::NotFound));
        let member = actor(Some(Role::Member), None, None);
        assert_eq!(authorize(&member, Action::ReadProgramme, "p1"), Err(Denied::Forbidden), "member of nothing");
    }

    #[test]
    fn grants_cover_their_subtree_and_organisation() {
        let official =
            authorize(&actor(Some(Role::Official), Some("/X/X-N/"), None), Action::ReadPeople, "p1").unwrap();
        let at =
            |path: &str| Scope { programme: "p1".into(), jurisdiction_path: Some(path.into()), organisation: None };
        assert!(official.covers(&at("/X/X-N/X-N-1/")));
        assert!(!official.covers(&at("/X/X-S/")));
        assert!(!official.covers(&Scope { programme: "p2".into(), ..at("/X/X-N/") }));
        assert!(official.sees_contacts_at(Some("/X/X-N/X-N-1/")));
        assert!(!official.sees_contacts_at(Some("/X/X-S/")));
        assert!(!official.sees_contacts_at(None));
        let member = authorize(&actor(Some(Role::Member), None, Some("o1")), Action::ReadProgramme, "p1").unwrap();
        let org = |o: &str| Scope { programme: "p1".into(), jurisdiction_path: None, organisation: Some(o.into()) };
        assert!(member.covers(&org("o1")));
        assert!(!member.covers(&org("o2")));
        let coordinator = authorize(&actor(Some(Role::Coordinator), None, None), Action::ReadAudit, "p1").unwrap();
        assert!(coordinator.covers(&org("o2")));
        assert!(coordinator.sees_contacts_at(None));
        let observer = authorize(&actor(Some(Role::Observer), None, None), Action::ReadPeople, "p1").unwrap();
        assert!(!observer.sees_contacts_at(Some("/X/")));
    }
}
