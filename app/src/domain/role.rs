use serde::{Deserialize, Serialize};
use std::fmt;

/// The roles of DOMAIN.md. `Admin` is platform-wide; the others are held per programme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Coordinator,
    Official,
    Member,
    Observer,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Admin, Role::Coordinator, Role::Official, Role::Member, Role::Observer];
    /// Roles a person can hold inside one programme, most to least privileged.
    pub const PROGRAMME: [Role; 4] = [Role::Coordinator, Role::Official, Role::Member, Role::Observer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Coordinator => "coordinator",
            Role::Official => "official",
            Role::Member => "member",
            Role::Observer => "observer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }

    /// Officials are placed on a jurisdiction subtree, members on an organisation.
    pub fn needs_jurisdiction(self) -> bool {
        self == Role::Official
    }
    pub fn needs_organisation(self) -> bool {
        self == Role::Member
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn round_trips_every_role() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
