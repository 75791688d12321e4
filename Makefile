# The two commands a fresh machine needs: `make demo` and `make test`.
.PHONY: setup demo test bench

setup:
	@bash scripts/setup.sh

demo: setup
	@bash scripts/demo.sh

# Tests run one at a time: on 2 cores, parallel CPU-heavy tests starve the cooperative thread
# pool that the loopback HTTP tests need, and timing assertions become flaky.
test: setup
	swift build
	swift test --no-parallel
