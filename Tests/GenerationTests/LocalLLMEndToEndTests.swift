import Foundation
import PersonaKit
import Testing
import TestSupport

/// The real thing: the `spb-generate` binary against a real local LLM server (llama-cpp-python +
/// Qwen2.5-Coder-0.5B-Instruct, the demo's model, started by `make test` through scripts/llm-server.sh),
/// semantic gate and content rules on, MiniLM encoder, 10 personas (its time: Benchmarks/RESULTS.md).
/// Skipped, visibly, when `PERSONABANK_LLM_URL` is not set.
@Suite("spb-generate end to end against the local LLM (PERSONABANK_LLM_URL)")
struct LocalLLMEndToEndTests {
    static let baseURL = ProcessInfo.processInfo.environment["PERSONABANK_LLM_URL"]
    static let target = 10
    /// The server answers one request at a time: a second request in flight would only queue
    /// (its deadline running) and spoil the server's prompt-prefix reuse.
    static let concurrency = 1
    static let binary = SharedData.repositoryRoot.appendingPathComponent(".build/debug/spb-generate")

    /// The demo's prompt (scripts/demo-prompt.json): a form to fill in, without reference personas,
    /// since the 0.5B copies references it is shown and writes bare job titles as backgrounds under
    /// the default prompt, and keeps far more attempts with the form (Benchmarks/RESULTS.md, "Demo prompt"). The request carries the
    /// persona JSON Schema as a JSON object request (json-object-schema), as the demo's does.
    static let templateFile = SharedData.repositoryRoot.appendingPathComponent("scripts/demo-prompt.json")

    @Test("10 valid, unique personas with aligned embeddings, consistent events and a key-free manifest",
          .enabled(if: baseURL != nil, "skipped: PERSONABANK_LLM_URL is not set (make test starts the local server and sets it)"),
          .enabled(if: SharedData.modelDirectory != nil, "skipped: models/all-MiniLM-L6-v2 is absent (run bash scripts/setup.sh); the semantic gate needs it"))
    func tenPersonas() async throws {
        let baseURL = try #require(Self.baseURL)
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build first: swift build (\(Self.binary.path))")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("spb-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let key = "sk-e2e-MUST-NOT-BE-STORED-\(UUID().uuidString.prefix(8))"

        let outcome = try await ChildProcess(
            Self.binary,
            ["--base-url", baseURL, "--model", "qwen2.5-coder-0.5b", "--target", "\(Self.target)", "--out", out.path,
             "--concurrency", "\(Self.concurrency)", "--gate", "semantic", "--encoder", "minilm", "--seed", "7",
             "--prompt-template", Self.templateFile.path, "--structured-output", "json-object-schema",
             "--temperature", "0.7", "--max-tokens", "320", "--timeout", "120", "--retries", "2",
             "--max-attempts", "60"],
            environment: ["OPENAI_API_KEY": key, "PERSONABANK_MODEL_DIR": try #require(SharedData.modelDirectory).path]
        ).wait(timeout: .seconds(12 * 60))
        print("e2e: spb-generate exited \(outcome.status) after \(outcome.elapsed); stderr tail:\n\(outcome.stderr.suffix(1500))")
        #expect(!outcome.timedOut, "spb-generate did not finish within 12 minutes")
        try #require(outcome.status == 0, "spb-generate failed:\n\(outcome.stderr.suffix(4000))")

        // personas.jsonl: exactly the target, each valid under the card's rules, ids unique.
        let personas = try Self.lines(out, "personas.jsonl").enumerated().map { index, line in
            let persona = try Persona(json: try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)))
            #expect(persona.violations(of: .card).isEmpty, "line \(index + 1): \(persona.violations(of: .card))")
            return persona
        }
        #expect(personas.count == Self.target)
        let ids = personas.compactMap(\.id)
        #expect(ids.count == personas.count && Set(ids).count == ids.count, "ids missing or repeated: \(ids)")

        // embeddings.f32: a 16-byte header, then one row per persona.
        let manifest = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: out.appendingPathComponent("manifest.json")))
        guard case let .number(dimension)? = manifest["embedding_dimension"] else { Issue.record("manifest has no embedding_dimension"); return }
        let embeddingBytes = try Data(contentsOf: out.appendingPathComponent("embeddings.f32")).count
        #expect(embeddingBytes == 16 + personas.count * Int(dimension) * 4, "\(embeddingBytes) bytes for \(personas.count) rows of \(dimension)")

        // events.jsonl: one accepted event per persona, with the same ids in the same order.
        let events = try Self.lines(out, "events.jsonl").map { try JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
        let accepted = events.filter { $0["decision"] == .string("accepted") }
        #expect(accepted.count == Self.target)
        #expect(accepted.compactMap { event -> String? in if case let .string(id)? = event["id"] { id } else { nil } } == ids)
        print("e2e: \(events.count) attempts for \(accepted.count) accepted (\(Self.rejectionCounts(events)))")

        // No file of the run holds the API key.
        for name in try FileManager.default.contentsOfDirectory(atPath: out.path) {
            let text = String(decoding: (try? Data(contentsOf: out.appendingPathComponent(name))) ?? Data(), as: UTF8.self)
            #expect(!text.contains(key), "\(name) contains the API key")
        }
        #expect(manifest["tool"] != nil)
    }

    static func lines(_ directory: URL, _ name: String) throws -> [String] {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8).split(separator: "\n").map(String.init)
    }

    static func rejectionCounts(_ events: [JSONValue]) -> String {
        var counts: [String: Int] = [:]
        for event in events { if case let .string(decision)? = event["decision"] { counts[decision, default: 0] += 1 } }
        return counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
    }
}
