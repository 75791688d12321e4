# The two commands a fresh machine needs: `make demo` and `make test`.
.PHONY: setup demo test bench

setup:
	@bash scripts/setup.sh

demo: setup
	@bash scripts/demo.sh

# Tests run one at a time: on 2 cores, parallel CPU-heavy tests starve the cooperative thread
# pool that the loopback HTTP tests need, and timing assertions become flaky.
# They run against a real local LLM server (llama-cpp-python + SmolLM2-135M, set up idempotently
# under ~/.cache/personabank) started on a free port and always stopped afterwards, so the
# end-to-end test (Tests/GenerationTests/LocalLLMEndToEndTests.swift) runs in CI too.
test: setup
	swift build
	bash scripts/with-llm-server.sh swift test --no-parallel
