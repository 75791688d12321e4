import Foundation
import PersonaKit
import Synchronization
import Testing
import TestSupport

/// Every command that embeds or compares personas reads them name-blind: a copy of a persona under
/// another name, whose texts name it, is caught by each one (and not with `--keep-names`).
@Suite("Name-blind commands: a copy under another name is caught", .serialized,
       .enabled(if: SharedData.modelDirectory != nil, "skipped: models/all-MiniLM-L6-v2 is absent (run bash scripts/setup.sh)"))
struct NameBlindCommandTests {
    /// A persona whose texts name it; `other` renames it everywhere.
    static func heitor(_ first: String = "Heitor", _ last: String = "Elkayam", id: String) -> Persona {
        Persona(name: "\(first) \(last)", username: "\(first.lowercased()).\(last.lowercased())", age: 47, traits: ["steady", "patient", "warm"],
                background: "\(first) \(last) is a home health aide who works with teenagers through a youth programme. \(first) loves helping "
                    + "young people with their daily lives and stays unflappable.",
                chattingStyle: "\(first) writes short, warm texts and signs off with a thumbs-up.", id: id)
    }

    /// Eight personas written for this test: the original, its renamed copy (row 5) and six other people.
    static let personas: [Persona] = [
        heitor(id: "p1"),
        Persona(name: "Ingrid Dahl", username: "ingrid_d", age: 42, traits: ["calm", "practical", "outdoorsy"],
                background: "Reindeer herders around Tromsø call Ingrid Dahl when a calf is sick; she skis to the clinic in winter and keeps two huskies.",
                chattingStyle: "Ingrid sends one-line updates and blurry photos of snow.", id: "p2"),
        Persona(name: "Tomasz Wolak", username: nil, age: 61, traits: ["gruff", "loyal", "curious"],
                background: "After forty years below deck on Baltic ferries, Tomasz Wolak is teaching himself Python to predict the tides for his fishing club.",
                chattingStyle: "All caps by accident, lots of questions.", id: "p3"),
        Persona(name: "Amara Diallo", username: "amaradiallo", age: 27, traits: ["driven", "sociable", "impatient"],
                background: "By day Amara Diallo files immigration paperwork at a Paris law firm; by night she tests jokes about her aunties at open mics.",
                chattingStyle: "Amara flips between French and English and answers with memes.", id: "p4"),
        heitor("Marisol", "Quintero", id: "p5"),
        Persona(name: "Kwame Mensah", username: "kmensah", age: 35, traits: ["meticulous", "dry", "kind"],
                background: "Rust, cracked bearings and flood damage fill Kwame Mensah's inspection reports on rural bridges, written late after his twins sleep.",
                chattingStyle: "Bullet points even in casual chat, no emoji.", id: "p6"),
        Persona(name: "Lucía Ibáñez", username: "lucia.ib", age: 23, traits: ["bubbly", "scattered", "generous"],
                background: "Conservatory fees in Madrid are steep, so Lucía Ibáñez gives piano lessons to eight-year-olds over shaky video calls.",
                chattingStyle: "Rapid bursts of short lines with many exclamation marks!!", id: "p7"),
        Persona(name: "Søren Berg", username: nil, age: 55, traits: ["practical", "reliable", "friendly"],
                background: "Søren Berg wires farmhouses across Jutland for his one-van electrical business and rebuilds a wooden sailboat every spare weekend.",
                chattingStyle: "Voice-to-text with odd punctuation; ends texts with his initials.", id: "p8"),
    ]

    static func write(_ directory: ScratchDirectory) throws -> URL {
        let url = directory.url.appendingPathComponent("personas.jsonl")
        try (personas.map { $0.jsonLine() }.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func array(_ value: JSONValue?) -> [JSONValue] { if case let .array(items)? = value { items } else { [] } }
    static func number(_ value: JSONValue?) -> Double? { if case let .number(number)? = value { number } else { nil } }

    static var environment: [String: String] { ["PERSONABANK_MODEL_DIR": SharedData.modelDirectory?.path ?? ""] }

    static func analyze(_ arguments: [String]) async throws -> ChildProcess.Result {
        let binary = try #require(Binaries.analyzeAudit)
        let result = try await ChildProcess.run(binary, arguments, environment: environment, timeout: .seconds(300))
        #expect(result.status == 0, "\(arguments.prefix(2)): \(result.stderr.suffix(800))")
        return result
    }

    @Test("audit: the copy and its original form a near-duplicate cluster; with --keep-names they do not")
    func audit() async throws {
        let scratch = try ScratchDirectory("name-blind-audit")
        defer { scratch.remove() }
        let input = try Self.write(scratch)
        for keep in [false, true] {
            let out = scratch.url.appendingPathComponent(keep ? "kept" : "masked")
            _ = try await Self.analyze(["audit", input.path, "--out", out.path, "--threshold", "0.75", "--clusters", "2"] + (keep ? ["--keep-names"] : []))
            let report = try JSONValue.parse(Array(try Data(contentsOf: out.appendingPathComponent("report.json"))))
            let members = Self.array(report["nearDuplicates"]?["largestClusters"]).flatMap { $0["members"]?.strings ?? [] }
            #expect(members.contains("p1") && members.contains("p5") ? !keep : keep, "keep names \(keep): clusters \(members)")
            let labels = Self.array(report["tropes"]?["clusters"]).flatMap { $0["terms"]?.strings ?? [] }
            if !keep { #expect(!labels.contains { ["heitor", "elkayam", "marisol", "quintero", "someone"].contains($0) }, "labels \(labels)") }
        }
    }

    @Test("dedup drops the copy for its original; embed gives them near-equal rows")
    func dedupAndEmbed() async throws {
        let scratch = try ScratchDirectory("name-blind-dedup")
        defer { scratch.remove() }
        let input = try Self.write(scratch)
        let dedup = scratch.url.appendingPathComponent("dedup")
        _ = try await Self.analyze(["dedup", input.path, "--out", dedup.path, "--threshold", "0.75"])
        let drops = try String(contentsOf: dedup.appendingPathComponent("drops.csv"), encoding: .utf8)
        #expect(drops.contains("p5,p1,"), "\(drops)")
        let kept = scratch.url.appendingPathComponent("dedup-kept")
        _ = try await Self.analyze(["dedup", input.path, "--out", kept.path, "--threshold", "0.75", "--keep-names"])
        #expect(!(try String(contentsOf: kept.appendingPathComponent("drops.csv"), encoding: .utf8)).contains("p5,p1,"))

        for (keep, bound) in [(false, Float(0.95)), (true, Float(0.8))] {
            let out = scratch.url.appendingPathComponent(keep ? "embed-kept" : "embed")
            _ = try await Self.analyze(["embed", input.path, "--out", out.path] + (keep ? ["--keep-names"] : []))
            let data = try Data(contentsOf: out.appendingPathComponent("embeddings-00001-of-00001.npy"))
            let headerLength = Int(data[8]) | Int(data[9]) << 8
            let floats = data.subdata(in: (10 + headerLength) ..< data.count).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            let row = { (index: Int) in Array(floats[index * 384 ..< (index + 1) * 384]) }
            let cosine = zip(row(0), row(4)).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            #expect(keep ? cosine < bound : cosine >= bound, "keep names \(keep): cosine \(cosine)")
            let manifest = try String(contentsOf: out.appendingPathComponent("embeddings-00001-of-00001.json"), encoding: .utf8)
            #expect(manifest.contains(keep ? "\"name_masking\" : \"none\"" : "\"name_masking\" : \"own-name:\(NameMask.token)\""), "\(manifest)")
        }
    }

    @Test("split keeps the copy with its original; thresholds' sweep removes it at 0.75")
    func splitAndThresholds() async throws {
        let scratch = try ScratchDirectory("name-blind-split")
        defer { scratch.remove() }
        let input = try Self.write(scratch)
        let out = scratch.url.appendingPathComponent("split")
        _ = try await Self.analyze(["split", input.path, "--out", out.path, "--threshold", "0.75", "--ratios", "0.5,0.25,0.25", "--clusters", "2"])
        let home = try ["train", "validation", "test"].map { name in
            try String(contentsOf: out.appendingPathComponent("\(name).jsonl"), encoding: .utf8)
        }
        let holding = { (id: String) in home.firstIndex { $0.contains("\"id\":\"\(id)\"") } }
        #expect(holding("p1") != nil && holding("p1") == holding("p5"))

        for (keep, kept) in [(false, 7.0), (true, 8.0)] {
            let json = scratch.url.appendingPathComponent("sweep-\(keep).json")
            _ = try await Self.analyze(["thresholds", input.path, "--tau", "0.75", "--json", json.path] + (keep ? ["--keep-names"] : []))
            let report = try JSONValue.parse(Array(try Data(contentsOf: json)))
            #expect(Self.number(report["keptAtChosen"]) == kept, "keep names \(keep): \(String(describing: report["keptAtChosen"]))")
        }
    }

    @Test("the generator's gate rejects a candidate that copies an accepted one under its own, fresh name")
    func gate() async throws {
        let binary = try #require(Binaries.generate)
        let scratch = try ScratchDirectory("name-blind-gate")
        defer { scratch.remove() }
        // Every reply is Heitor's text with the attempt's own name written in; one word varies, so the copies are near, not exact.
        let counter = Counter()
        let handler: LoopbackHTTPServer.Handler = { request in
            let user = OpenAIScript.messageContents(of: request).last ?? ""
            let name = user.range(of: "- Name: ").map { String(user[$0.upperBound...].prefix { $0 != "\n" }) } ?? "Nobody Here"
            let parts = name.split(separator: " ").map(String.init)
            var persona = Self.heitor(parts.first ?? "Nobody", parts.dropFirst().joined(separator: " "), id: "x")
            persona.background = persona.background.replacingOccurrences(of: "teenagers", with: ["teenagers", "teens", "young teenagers"][counter.next() % 3])
            persona.id = nil
            return OpenAIScript.chatCompletion(content: persona.jsonLine())
        }
        try await LoopbackHTTPServer.withServer(handler) { server in
            let out = scratch.url.appendingPathComponent("run")
            let result = try await ChildProcess.run(binary, ["--out", out.path, "--target", "2", "--max-attempts", "4", "--base-url", server.baseURL.absoluteString,
                                                      "--model", "scripted", "--concurrency", "1", "--seed", "3"],
                                              environment: Self.environment, timeout: .seconds(300))
            #expect(result.status == 1, "one persona, then only renamed copies: attempts run out")
            let rejected = try String(contentsOf: out.appendingPathComponent("rejected.jsonl"), encoding: .utf8).split(separator: "\n")
            #expect(rejected.count == 3 && rejected.allSatisfy { $0.contains("\"reason\":\"near-duplicate\"") || $0.contains("\"reason\":\"exact-duplicate\"") },
                    "\(rejected)")
            let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
            #expect(manifest.contains("\"name_masking\" : \"own-name:\(NameMask.token)\""))
        }
    }
}

/// A counter shared with a server handler.
private final class Counter: Sendable {
    private let count = Atomic<Int>(0)
    /// The value before this call added one.
    func next() -> Int { count.add(1, ordering: .relaxed).oldValue }
}
