"""Where personal data could end up in a deployment, searched for in clear text.

unmasked(deployment, needles) looks in the tracker store (every event's data and conversation
ID, PostgreSQL), in every text column of every table of the project database, and in every log
file the deployment writes (Rasa, action servers, nginx, PostgreSQL, Redis). Returns findings as
"where: needle" strings; an empty list means nothing was found.
"""

from pathlib import Path
from typing import Iterable, List


def _pg_findings(deployment, database: str, needles: Iterable[str]) -> List[str]:
    findings = []
    columns = deployment.postgres.query(
        database,
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb')",
    )
    for table, column in columns:
        for needle in needles:
            rows = deployment.postgres.query(
                database, f'SELECT count(*) FROM "{table}" WHERE "{column}"::text LIKE %s', (f"%{needle}%",)
            )
            if rows and rows[0][0]:
                findings.append(f"{database}.{table}.{column}: {needle} ({rows[0][0]} rows)")
    return findings


def log_files(deployment) -> List[Path]:
    files = sorted(Path(deployment.logs).glob("*"))
    if deployment.postgres is not None:
        files.append(deployment.postgres.log_path)
    return [f for f in files if f.is_file()]


def unmasked(deployment, needles: Iterable[str]) -> List[str]:
    needles = [n for n in needles if n]
    findings = _pg_findings(deployment, "shebao_tracker", needles) + _pg_findings(deployment, "shebao_app", needles)
    for path in log_files(deployment):
        text = path.read_text(errors="replace")
        for needle in needles:
            if needle in text:
                findings.append(f"log {path.name}: {needle}")
    return findings
