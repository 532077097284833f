use crate::backend::Db;
use surrealdb::types::SurrealValue;

#[derive(Clone, Debug, SurrealValue)]
pub struct OrganisationRow {
    pub id: String,
    pub name: String,
    pub kind: String,
}

/// A programme's organisations by name (`$p` is the programme's record id).
pub const ORGANISATIONS_OF_P: &str = "SELECT record::id(id) AS id, name, kind FROM organisation
    WHERE programme = $p ORDER BY name";

/// One organisation of a programme (`None` when it is not this programme's).
pub async fn by_id(db: &Db, programme_id: &str, id: &str) -> surrealdb::Result<Option<OrganisationRow>> {
    db.query(
        "SELECT record::id(id) AS id, name, kind FROM type::record('organisation', $id)
         WHERE programme = type::record('programme', $p)",
    )
    .bind(("id", id.to_string()))
    .bind(("p", programme_id.to_string()))
    .await?
    .take::<Vec<OrganisationRow>>(0)
    .map(|rows| rows.into_iter().next())
}

pub struct NewOrganisation<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub jurisdiction_id: Option<String>,
    pub migrant_led: bool,
}

pub async fn create(db: &Db, programme_id: &str, o: NewOrganisation<'_>) -> surrealdb::Result<String> {
    let mut res = db
        .query(
            "CREATE organisation SET programme = type::record('programme', $p), name = $name, kind = $kind,
                jurisdiction = IF $j THEN type::record('jurisdiction', $j) END, migrant_led = $ml
             RETURN record::id(id) AS id",
        )
        .bind(("p", programme_id.to_string()))
        .bind(("name", o.name.to_string()))
        .bind(("kind", o.kind.to_string()))
        .bind(("j", o.jurisdiction_id))
        .bind(("ml", o.migrant_led))
        .await?;
    let id: Option<String> = res.take((0, "id"))?;
    Ok(id.unwrap_or_default())
}
