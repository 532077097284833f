use crate::domain::{Role, Scope};

/// The acting person, loaded once per request from the session and passed into every service call.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub user_id: String,
    pub email: String,
    pub name: String,
    pub is_admin: bool,
    pub memberships: Vec<Membership>,
}

#[derive(Clone, Debug)]
pub struct Membership {
    pub programme_id: String,
    pub programme_name: String,
    pub role: Role,
    pub jurisdiction_path: Option<String>,
    pub jurisdiction_name: Option<String>,
    pub organisation_id: Option<String>,
    pub organisation_name: Option<String>,
}

impl Ctx {
    pub fn membership(&self, programme_id: &str) -> Option<&Membership> {
        self.memberships.iter().find(|m| m.programme_id == programme_id)
    }

    /// The role this person acts with in a programme: their membership's, or `Admin` for platform
    /// admins (who operate every programme), or none.
    pub fn role_in(&self, programme_id: &str) -> Option<Role> {
        match self.membership(programme_id) {
            _ if self.is_admin => Some(Role::Admin),
            Some(m) => Some(m.role),
            None => None,
        }
    }

    /// The scope this person's role covers in a programme.
    pub fn scope_in(&self, programme_id: &str) -> Option<Scope> {
        if self.is_admin {
            return Some(Scope::programme(programme_id));
        }
        self.membership(programme_id).map(|m| Scope {
            programme: programme_id.to_string(),
            jurisdiction_path: m.jurisdiction_path.clone(),
            organisation: m.organisation_id.clone(),
        })
    }
}
