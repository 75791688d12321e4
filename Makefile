# The two commands a fresh machine needs: `make demo` and `make test`.
.PHONY: setup setup-ray demo test bench

setup:
	@bash scripts/setup.sh

# The Ray driver's pinned Python (cluster/requirements.txt), for `cluster/spb_ray.py` and its test.
setup-ray:
	@bash scripts/setup.sh --with-ray

demo: setup
	@bash scripts/demo.sh

# Tests run one at a time: on 2 cores, parallel CPU-heavy tests starve the cooperative thread
# pool that the loopback HTTP tests need, and timing assertions become flaky.
# They run against a real local LLM server (llama-cpp-python + Qwen2.5-Coder-0.5B, set up idempotently
# under ~/.cache/personabank) started on a free port and always stopped afterwards, so the
# end-to-end test (Tests/GenerationTests/LocalLLMEndToEndTests.swift) runs in CI too. The Ray
# test (Tests/HardeningTests/RayClusterTests.swift) starts its own local 2-CPU Ray cluster. The Parquet
# round trip (Tests/ParquetTests/PythonRoundTripTests.swift) reads our files with the pinned pyarrow,
# pandas and datasets of Benchmarks/python/parquet/requirements.txt.
# The bad-input (fuzzed persona files, Parquet damage, bad --embeddings, a damaged run), fault and kill suites then run a
# second time against the release binaries, the build the README tells users to run (PERSONABANK_BIN_DIR
# points the tests' Binaries at them).
RELEASE_SUITES = HardeningTests\.(CommandLineBadInputTests|AuditBadInputTests|EndpointFailFastTests|GenerateFaultTests|GenerateEmbeddingFaultTests|KillResumeTests|RunLockTests|JudgeKillResumeTests|NameBlindCommandTests|ParquetBadInputTests|AuditEmbeddingsCommandTests|DamagedRunAuditTests)
test: setup-ray
	bash Benchmarks/python/parquet/venv.sh >/dev/null
	swift build
	bash scripts/with-llm-server.sh swift test --no-parallel
	swift build -c release --product spb-generate
	swift build -c release --product spb-analyze
	bin=$$(swift build -c release --show-bin-path) && test -x "$$bin/spb-generate" && test -x "$$bin/spb-analyze" && \
	  PERSONABANK_BIN_DIR="$$bin" swift test --skip-build --no-parallel --filter '$(RELEASE_SUITES)'
