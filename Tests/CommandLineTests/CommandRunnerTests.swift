import CommandLineSupport
import Foundation
import PersonaKit
import Synchronization
import Testing

@Suite("Exit codes and error messages")
struct CommandRunnerTests {
    struct Boom: Error, CustomStringConvertible { var description: String { "the network is down" } }

    func run(_ body: @escaping () async throws -> Void) async -> (Int32, String) {
        let messages = Mutex("")
        let status = await CommandRunner.run(errorOutput: { text in messages.withLock { $0 += text } }, body)
        return (status, messages.withLock { $0 })
    }

    @Test("success is 0 and silent")
    func success() async {
        let (status, text) = await run {}
        #expect(status == 0 && text.isEmpty)
    }

    @Test("a usage error is 64 with error: and hint: lines")
    func usage() async {
        let (status, text) = await run { throw UsageError("unknown option '--x'", hint: "see --help") }
        #expect(status == ExitCode.usage.rawValue)
        #expect(text == "error: unknown option '--x'\nhint: see --help\n")
    }

    @Test("bad input data is 65 naming file, line and field")
    func dataError() async {
        let (status, text) = await run {
            throw InputError(file: "p.jsonl", line: 12, field: "age", message: #"expected an integer, got string "forty""#)
        }
        #expect(status == 65)
        #expect(text == "error: p.jsonl:12: age: expected an integer, got string \"forty\"\n")
    }

    @Test("anything else is 1")
    func otherErrors() async {
        let (status, text) = await run { throw Boom() }
        #expect(status == 1 && text == "error: the network is down\n")
    }

    @Test("InputError descriptions leave out unknown parts")
    func inputErrorDescription() {
        #expect(InputError(file: "a.csv", line: nil, field: nil, message: "cannot open").description == "a.csv: cannot open")
        #expect(InputError(file: "a.csv", line: 3, field: "", message: "m").description == "a.csv:3: m")
    }
}

@Suite("Error descriptions")
struct ErrorDescriptionTests {
    @Test("localizedDescription is the error's own message")
    func localized() {
        let input: any Error = InputError(file: "a.jsonl", line: 2, field: "age", message: "missing field")
        #expect(input.localizedDescription == "a.jsonl:2: age: missing field")
        let usage: any Error = UsageError("unknown option '--x'", hint: "see --help")
        #expect(usage.localizedDescription == "unknown option '--x'")
    }
}
