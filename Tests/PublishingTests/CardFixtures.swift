import Analysis
import Embedding
import Foundation
import PersonaKit
import Publishing
import RunFormat
import Synchronization
import TestSupport

/// Builders for the card tests: a tiny run directory written like `spb-generate` writes one.
enum CardFixtures {
    /// The sentinel API key placed in the environment variable the manifest names.
    static let sentinelKey = "sk-CARD-SENTINEL-7f3a9c"
    /// The environment variable holding ``sentinelKey``.
    static let keyVariable = "SPB_CARD_TEST_API_KEY"
    /// A base URL with credentials, a private address, a port, a path and a query (none may be published).
    static let privateBaseURL = "https://carduser:hunter2pass@10.44.3.21:8443/private/v1?api_key=QUERYSECRET9"

    /// A small seeded encoder so the tests need no model files.
    static let encoders = AuditEncoders(encoder: { HashedNGramEncoder(dimension: 256) }, readability: { nil })

    /// A fresh temporary folder; the caller removes it.
    static func folder(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("card-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// 60 personas from four background templates (so openings and clusters repeat).
    static func personas() -> [Persona] {
        let templates = [
            "A former lighthouse keeper who now restores old clocks and sails on weekends near the harbour",
            "Night shift nurse in a busy city hospital who unwinds by baking sourdough bread at dawn",
            "College student majoring in astrophysics who streams retro video games late into the night",
            "Retired welder raising chickens on a small farm and fixing tractors for the neighbours",
        ]
        let fillers = ["quietly", "happily", "often", "lately", "mostly", "rarely", "proudly", "still"]
        var random = SplitMix64(seed: 11)
        return (0 ..< 60).map { index in
            let extra = (0 ..< 2).map { _ in fillers[Int.random(in: 0 ..< fillers.count, using: &random)] }.joined(separator: " ")
            return Persona(name: "Person \(index)", username: nil, age: 20 + index % 50, traits: ["calm", "curious", "kind"],
                           background: "\(templates[index % templates.count]), \(extra).", chattingStyle: "Writes short lines, \(extra).",
                           model: "smollm2", id: "p\(index)")
        }
    }

    /// A run directory: `personas.jsonl`, `manifest.json` (with ``privateBaseURL`` unless `baseURL`
    /// is given), `events.jsonl` (60 accepted, 3 near-duplicates, 2 invalid JSON, 1 surplus) and `rejected.jsonl`.
    static func runDirectory(in parent: URL, baseURL: String = privateBaseURL) throws -> URL {
        let run = parent.appendingPathComponent("tiny-run")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        let people = personas()
        try (people.map { $0.jsonLine() }.joined(separator: "\n") + "\n").write(to: run.appendingPathComponent("personas.jsonl"), atomically: true, encoding: .utf8)
        let manifest: JSONValue = .object([
            "tool": .string("spb-generate"), "version": .string("0.1.0"), "created": .string("2026-11-28T05:43:31Z"),
            "encoder_identifier": .string("hashed-ngrams:3-5:256"), "embedding_dimension": .number(256), "seed_personas": .number(6),
            "config": .object([
                "api_key_env": .string(keyVariable), "base_url": .string(baseURL), "concurrency": .number(1), "encoder": .string("minilm"),
                "gate": .string("semantic"), "max_attempts": .number(500), "max_connection_failures": .number(8), "max_tokens": .number(256),
                "max_unreadable_share": .number(0.5), "model": .string("smollm2"), "prompt_template": .string("/home/someone/secret-project/prompt.json"),
                "references": .object(["count": .number(3), "lookback": .number(20), "reset_every": .number(50)]),
                "retries": .number(4), "seed": .number(42), "structured_output": .string("auto"), "target": .number(60),
                "temperature": .number(0.5), "threshold": .number(0.8), "timeout_seconds": .number(120), "inputs": .null,
                "sampling": .object(["strength": .number(0.25), "auth_token": .string("STEERTOKEN55")]),
            ]),
        ])
        try manifest.jsonText.write(to: run.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        var events = [AttemptEvent](), rejected = [RejectedCandidate]()
        func event(_ decision: String, id: String? = nil) -> AttemptEvent {
            let attempt = events.count + 1
            if let reason = RejectReason(rawValue: decision) {
                rejected.append(RejectedCandidate(attempt: attempt, reason: reason, detail: nil, candidate: nil, reply: nil, nearestID: nil, nearestScore: nil))
            }
            return AttemptEvent(attempt: attempt, components: RunFixture.blueprint(profession: "Registered Nurse"),
                                referenceSource: attempt % 50 == 1 ? .seeds : .recent, references: [], decision: decision, id: id, faults: [])
        }
        for (index, persona) in people.enumerated() {
            events.append(event(AttemptEvent.accepted, id: persona.id))
            if index % 20 == 5 { events.append(event(RejectReason.nearDuplicate.rawValue)) }
            if index == 30 || index == 31 { events.append(event(RejectReason.invalidJSON.rawValue)) }
        }
        events.append(event(AttemptEvent.surplus))
        try RunFixture.writeEvents(events, in: run)
        try RunFixture.writeRejected(rejected, in: run)
        return run
    }

    /// Runs `spb-analyze card` in-process; returns the status, standard output and standard error.
    static func card(_ arguments: [String]) async -> (status: Int32, stdout: String, stderr: String) {
        let out = CardCapture(), err = CardCapture()
        let status = await CardCommandLine.run(arguments, encoders: encoders, output: { out.append($0) }, errorOutput: { err.append($0) })
        return (status, out.text, err.text)
    }

    /// The same audit the card runs in-process (defaults, the run's components).
    static func audit(_ input: URL) async throws -> AuditReport {
        let dataset = try AuditDataset.read(input, options: .init())
        return try await Auditor.run(dataset: dataset, encoder: HashedNGramEncoder(dimension: 256), options: AuditOptions()).report
    }
}

/// Collects text written from any thread.
final class CardCapture: Sendable {
    private let storage = Mutex("")
    func append(_ text: String) { storage.withLock { $0 += text } }
    var text: String { storage.withLock { $0 } }
}
