import Foundation
import PersonaKit
import Publishing
import Testing

@Suite("Dataset card: command line", .serialized)
struct CardCommandLineTests {
    /// `--help` goes to standard output with exit 0 and lists every option with its default.
    @Test func helpListsEveryOptionWithItsDefault() async throws {
        let result = await CardFixtures.card(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout == CardCommandLine.help)
        for option in CardCommandLine.options {
            #expect(result.stdout.contains(option.name), "\(option.name) missing")
            let shown = option.defaultValue.map { "(default: \($0))" } ?? (option.isSwitch ? "(default: off)" : "(no default)")
            #expect(result.stdout.contains(shown), "\(option.name): \(shown)")
        }
        #expect(result.stdout.contains("(default: README.md)"))
        #expect(result.stdout.contains("--help"))

        for option in PublishCommandLine.options {
            let shown = option.defaultValue.map { "(default: \($0))" } ?? (option.isSwitch ? "(default: off)" : "(no default)")
            #expect(PublishCommandLine.help.contains(option.name) && PublishCommandLine.help.contains(shown), "publish \(option.name)")
        }
    }

    /// Bad input exits 65 and names the file at fault; nothing is written.
    @Test func badInputExits65NamingTheFile() async throws {
        let parent = try CardFixtures.folder("bad")
        defer { try? FileManager.default.removeItem(at: parent) }
        let out = parent.appendingPathComponent("README.md")

        let missing = parent.appendingPathComponent("nowhere.jsonl")
        let absent = await CardFixtures.card([missing.path, "--out", out.path])
        #expect(absent.status == 65)
        #expect(absent.stderr.contains("nowhere.jsonl"))

        let run = try CardFixtures.runDirectory(in: parent)
        let manifest = run.appendingPathComponent("manifest.json")
        let goodManifest = try Data(contentsOf: manifest)
        try "{ not json".write(to: manifest, atomically: true, encoding: .utf8)
        let badManifest = await CardFixtures.card([run.path, "--out", out.path])
        #expect(badManifest.status == 65)
        #expect(badManifest.stderr.contains("manifest.json"), "\(badManifest.stderr)")
        try goodManifest.write(to: manifest)

        let events = run.appendingPathComponent("events.jsonl")
        let handle = try FileHandle(forWritingTo: events)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("[1, 2]\n".utf8))
        try handle.close()
        let badEvents = await CardFixtures.card([run.path, "--out", out.path])
        #expect(badEvents.status == 65)
        #expect(badEvents.stderr.contains("events.jsonl"), "\(badEvents.stderr)")

        let broken = parent.appendingPathComponent("broken.jsonl")
        try "{\"name\": \"A\"\n".write(to: broken, atomically: true, encoding: .utf8)
        let badFile = await CardFixtures.card([broken.path, "--out", out.path])
        #expect(badFile.status == 65)
        #expect(badFile.stderr.contains("broken.jsonl"), "\(badFile.stderr)")

        let notAReport = parent.appendingPathComponent("fake-audit")
        try FileManager.default.createDirectory(at: notAReport, withIntermediateDirectories: true)
        try "{\"input\": 3}".write(to: notAReport.appendingPathComponent("report.json"), atomically: true, encoding: .utf8)
        let file = parent.appendingPathComponent("people.jsonl")
        try CardFixtures.personas().map { $0.jsonLine() }.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let badReport = await CardFixtures.card([file.path, "--audit", notAReport.path, "--out", out.path])
        #expect(badReport.status == 65)
        #expect(badReport.stderr.contains("report.json"), "\(badReport.stderr)")

        #expect(!FileManager.default.fileExists(atPath: out.path), "no card is written for bad input")
        let usage = await CardFixtures.card([])
        #expect(usage.status == 64)
    }
}

@Suite("Dataset card: endpoint kinds")
struct CardEndpointKindTests {
    @Test(arguments: [
        ("http://127.0.0.1:8731/v1", EndpointKind.loopback),
        ("http://localhost:11434/v1", .loopback),
        ("http://[::1]:8080/v1", .loopback),
        ("https://user:pw@10.0.0.5/v1?key=x", .privateNetwork),
        ("http://172.20.1.1:9000", .privateNetwork),
        ("http://172.32.1.1:9000", .publicAddress),
        ("http://192.168.1.10/v1", .privateNetwork),
        ("http://gpu-box:8000/v1", .privateNetwork),
        ("http://llm.internal/v1", .privateNetwork),
        ("http://printer.local:8000", .privateNetwork),
        ("http://[fd12:3456::1]/v1", .privateNetwork),
        ("http://8.8.8.8/v1", .publicAddress),
        ("https://alice:secret@API.OpenAI.com:443/v1?api_key=zzz", .publicHost("api.openai.com")),
        ("api.example.com/v1", .publicHost("api.example.com")),
        ("not a url at all", .unknown),
        ("", .unknown),
    ])
    func classifies(url: String, kind: EndpointKind) {
        #expect(EndpointKind(baseURL: url) == kind, "\(url)")
        for part in ["alice", "secret", "zzz", "user:pw", "443", "/v1"] where url.contains(part) {
            #expect(!EndpointKind(baseURL: url).phrase.contains(part))
        }
    }

    @Test func sizeCategoriesFollowTheHubBuckets() {
        #expect(CardFacts.sizeCategory(0) == "n<1K")
        #expect(CardFacts.sizeCategory(999) == "n<1K")
        #expect(CardFacts.sizeCategory(1_000) == "1K<n<10K")
        #expect(CardFacts.sizeCategory(9_999) == "1K<n<10K")
        #expect(CardFacts.sizeCategory(10_000) == "10K<n<100K")
        #expect(CardFacts.sizeCategory(2_500_000) == "1M<n<10M")
        #expect(CardFacts.sizeCategory(Int.max) == "n>1T")
    }
}
