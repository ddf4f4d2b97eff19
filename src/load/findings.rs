//! The rules whose findings the loader itself reports: a file that cannot be read (`io`), is
//! not TOML (`syntax`) or does not follow the format (`schema`). They are registered with the
//! others in `check::registry`.

use crate::diagnostic::{Rule, Severity};

pub static SYNTAX: Rule = Rule {
    code: "syntax",
    severity: Severity::Error,
    kinds: &[],
    summary: "le fichier n'est pas du TOML valide",
    explanation: "Chaque fichier de convention et d'annexe doit être un document TOML 1.0 valide, \
encodé en UTF-8 : chaînes entre guillemets, dates sans guillemets (AAAA-MM-JJ), une même clé \
une seule fois par table. Tant que la syntaxe est invalide, aucune autre règle ne s'applique au fichier.",
    reference: None,
    recommendation: None,
    failing: "[convention]\ntitle = Convention sans guillemets\n",
    passing: "[convention]\ntitle = \"Convention entre guillemets\"\n",
};

pub static SCHEMA: Rule = Rule {
    code: "schema",
    severity: Severity::Error,
    kinds: &[],
    summary: "type incorrect, clé obligatoire absente, clé inconnue ou valeur hors liste",
    explanation: "Le fichier respecte la syntaxe TOML mais pas le format d'entrée de convgen : une \
valeur n'a pas le bon type (date, nombre, chaîne, tableau), une clé obligatoire manque, une clé \
n'existe pas (faute de frappe : la clé la plus proche est proposée) ou une valeur n'est pas dans la \
liste permise (les valeurs possibles sont listées). Les règles juridiques ne s'appliquent qu'à un \
fichier sans erreur de schéma.",
    reference: None,
    recommendation: None,
    failing: "[convention]\nid = \"crpc-x\"\nkind = \"crcp\"\nsignatorie = []\n",
    passing: "[convention]\nid = \"crpc-x\"\nkind = \"crpc\"\n",
};

pub static IO: Rule = Rule {
    code: "io",
    severity: Severity::Error,
    kinds: &[],
    summary: "un fichier de la convention ne peut pas être lu",
    explanation: "Un fichier trouvé dans le dépôt ne peut pas être lu : droits insuffisants, \
fichier disparu pendant la lecture, lien symbolique cassé ou en boucle, taille démesurée (plus \
de 8 Mio), ou chemin qui n'est pas un fichier ordinaire (un dossier nommé `convention.toml`, un \
tube nommé, qui n'est jamais ouvert). La convention n'est pas vérifiée tant que ses fichiers ne \
sont pas lisibles.",
    reference: None,
    recommendation: None,
    failing: "# convention.toml illisible (chmod 000)\n",
    passing: "# convention.toml lisible (chmod 644)\n",
};
