import Foundation
import Testing
import TestSupport

/// Malformed input files given to the real executables (as child processes, so a trap would
/// show as a signal instead of ending the test run): each exits 65 with an `error:` line that
/// names the file (and the line where the fault is in one).
@Suite("Bad input: command-line tools", .serialized)
struct CommandLineBadInputTests {
    /// A well-formed inputs set (written for these tests) and malformed variants of each file.
    enum Inputs {
        static let components = """
        {"professions": [{"value": "Ferry Mechanic", "weight": 3}, {"value": "Beekeeper", "weight": 1, "min_age": 25}],
         "life_contexts": [{"value": "lives on a canal boat", "weight": 1}, {"value": "cares for a parent", "weight": 2}],
         "traits": [{"value": "patient", "weight": 1}, {"value": "curious", "weight": 1}, {"value": "wry", "weight": 1},
                    {"value": "blunt", "weight": 1}, {"value": "warm", "weight": 1}, {"value": "frugal", "weight": 1}],
         "chatting_quirks": [{"value": "asks questions back", "weight": 1}]}

        """
        static let firstNames = #"["Ines", "Tomas", "Mei"]"#
        static let lastNames = #"["Okafor", "Lind", "Arslan"]"#
        static let usernames = #"["ines_o", "meiway"]"#
        static let template = #"{"system": "You write personas as JSON.", "user": "A {profession}, {age}, traits {traits}."}"#

        /// (option, file name, good text, malformed variants (label, text, expected line or nil)).
        static var files: [(option: String, name: String, good: String, bad: [(String, Data, Int?)])] {
            func text(_ label: String, _ value: String, _ line: Int? = nil) -> (String, Data, Int?) { (label, Data(value.utf8), line) }
            func jsonVariants(_ good: String) -> [(String, Data, Int?)] {
                var result = [text("empty", ""), text("whitespace", "  \n"), text("truncated at 1/3", String(good.prefix(good.count / 3))),
                              text("truncated at 2/3", String(good.prefix(2 * good.count / 3))), text("last byte cut", String(good.dropLast(2))),
                              text("NaN literal", "[NaN]"), text("a number", "42")]
                var invalid = Data(good.utf8)
                invalid.insert(contentsOf: [0xFF, 0xC0], at: 1)
                result.append(("invalid UTF-8", invalid, nil))
                return result
            }
            let persona = Samples.personaObjects[0]
            return [
                ("--components", "persona_components.json", components, jsonVariants(components) + [
                    text("weight a string", components.replacingOccurrences(of: #""weight": 3"#, with: #""weight": "3""#)),
                    text("weight negative", components.replacingOccurrences(of: #""weight": 3"#, with: #""weight": -3"#)),
                    text("weight 1e999", components.replacingOccurrences(of: #""weight": 3"#, with: #""weight": 1e999"#)),
                    text("missing value", components.replacingOccurrences(of: #""value": "Ferry Mechanic", "#, with: "")),
                    text("traits missing", components.replacingOccurrences(of: #""traits""#, with: #""trait""#)),
                    text("age range impossible", components.replacingOccurrences(of: #""min_age": 25"#, with: #""min_age": 90"#)),
                ]),
                ("--first-names", "first_names.json", firstNames, jsonVariants(firstNames) + [text("numbers", "[1, 2]"), text("empty list", "[]"), text("blank name", #"["Ines", " "]"#)]),
                ("--last-names", "last_names.json", lastNames, jsonVariants(lastNames) + [text("object", #"{"names": ["Lind"]}"#)]),
                ("--usernames", "usernames.json", usernames, jsonVariants(usernames) + [text("nulls", "[null]")]),
                ("--seeds", "seeds.jsonl", Samples.personasJSONL, [
                    text("empty", ""),
                    text("truncated line", Samples.personaObjects[1] + "\n" + String(persona.prefix(50)) + "\n", 2),
                    text("missing age", Samples.personaObjects[1] + "\n" + persona.replacingOccurrences(of: #""age":34,"#, with: "") + "\n", 2),
                    text("age a string", persona.replacingOccurrences(of: #""age":34"#, with: #""age":"old""#) + "\n", 1),
                    text("traits a number", "\n\n" + persona.replacingOccurrences(of: #"["patient","curious","wry"]"#, with: "3") + "\n", 3),
                    text("NaN age", persona.replacingOccurrences(of: #""age":34"#, with: #""age":NaN"#) + "\n", 1),
                    text("array instead of object", "[1,2,3]\n", 1),
                    ("invalid UTF-8 in a value", Data((Samples.personaObjects[1] + "\n").utf8) + Data(persona.utf8).replacingOccurrences(of: "wry", with: [0x77, 0xFF, 0x79]) + Data("\n".utf8), 2),
                ]),
                ("--prompt-template", "template.json", template, jsonVariants(template) + [
                    text("system a number", #"{"system": 3}"#), text("unknown placeholder", #"{"user": "Write {nonsense} now"}"#),
                    text("array", #"["system", "user"]"#),
                ]),
            ]
        }
    }

    @Test("Malformed generator inputs exit 65 naming the file (and line)", .enabled(if: Binaries.generate != nil, Comment(rawValue: Binaries.skipMessage("spb-generate"))))
    func generatorInputs() async throws {
        let binary = try #require(Binaries.generate)
        let scratch = try ScratchDirectory("cli-inputs")
        defer { scratch.remove() }
        var good = [String]()
        for file in Inputs.files { good += [file.option, try scratch.write(file.name, file.good).path] }
        let base = ["--out", scratch.url.appendingPathComponent("run").path, "--dry-run", "--target", "1"]
        let clean = try await ChildProcess.run(binary, base + good)
        #expect(clean.status == 0, "the well-formed inputs work: \(clean.stderr)")
        var cases = 0
        for file in Inputs.files {
            for (label, data, line) in file.bad {
                let name = "bad-" + file.name
                let path = try scratch.write(name, data).path
                var arguments = base + good
                if let index = arguments.firstIndex(of: file.option) { arguments[index + 1] = path }
                let result = try await ChildProcess.run(binary, arguments)
                cases += 1
                #expect(!result.signalled, "\(name) / \(label): trapped")
                #expect(result.status == 65, "\(name) / \(label): exit \(result.status): \(result.stderr)")
                #expect(result.stderr.contains("error: ") && result.stderr.contains(name), "\(name) / \(label): \(result.stderr)")
                #expect(!result.stderr.contains("error: :"), "\(name) / \(label): the message starts with the file: \(result.stderr)")
                if let line { #expect(result.stderr.contains("\(name):\(line)"), "\(name) / \(label): names line \(line): \(result.stderr)") }
            }
        }
        #expect(cases > 40)
    }

    @Test("A damaged run directory: bad records exit 65 naming file and line; crash leftovers are repaired on --resume",
          .enabled(if: Binaries.generate != nil, Comment(rawValue: Binaries.skipMessage("spb-generate"))))
    func damagedRunDirectory() async throws {
        let binary = try #require(Binaries.generate)
        let server = try FaultInjectingOpenAIServer(settings: GenerateHarness.settings())
        defer { server.stop() }
        let scratch = try ScratchDirectory("cli-rundir")
        defer { scratch.remove() }
        let original = scratch.url.appendingPathComponent("original")
        let env = GenerateHarness.environment
        let made = try await ChildProcess.run(binary, GenerateHarness.arguments(out: original, server: server, count: 4), environment: env)
        try #require(made.status == 0, "\(made.stderr)")

        typealias Damage = (URL) throws -> Void
        func rewrite(_ name: String, _ change: @escaping (inout [String]) -> Void) -> Damage {
            { directory in
                let url = directory.appendingPathComponent(name)
                var lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
                change(&lines)
                try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
            }
        }
        func append(_ name: String, _ bytes: Data) -> Damage {
            { directory in
                let handle = try FileHandle(forWritingTo: directory.appendingPathComponent(name))
                try handle.seekToEnd()
                try handle.write(contentsOf: bytes)
                try handle.close()
            }
        }
        func replace(_ name: String, _ bytes: Data?) -> Damage {
            { directory in
                let url = directory.appendingPathComponent(name)
                if let bytes { try bytes.write(to: url) } else { try FileManager.default.removeItem(at: url) }
            }
        }
        let refused: [(String, Damage, Int32, String)] = [
            ("persona with a wrong type", rewrite("personas.jsonl") { $0[1] = $0[1].replacingOccurrences(of: #""age":"#, with: #""age":"x","old":"#) }, 65, "personas.jsonl:2"),
            ("line that is not JSON", rewrite("personas.jsonl") { $0[1] = "{{{ not json" }, 65, "personas.jsonl:2"),
            ("duplicate id", rewrite("personas.jsonl") { $0[2] = $0[1] }, 65, "personas.jsonl:3"),
            ("manifest truncated", { directory in
                let url = directory.appendingPathComponent("manifest.json")
                try Data(try Data(contentsOf: url).prefix(30)).write(to: url)
            }, 65, "manifest.json"),
            ("manifest missing", replace("manifest.json", nil), 64, "manifest.json"),
        ]
        let repaired: [(String, Damage)] = [
            ("partial persona line (crash mid-write)", append("personas.jsonl", Data(#"{"name":"Half","age":3"#.utf8))),
            ("partial event line", append("events.jsonl", Data(#"{"attempt":99,"deci"#.utf8))),
            ("partial embedding row", append("embeddings.f32", Data(repeating: 7, count: 100))),
            ("embeddings missing", replace("embeddings.f32", nil)),
            ("embeddings header garbage", replace("embeddings.f32", Data(repeating: 0x41, count: 64))),
            ("embeddings short by two rows", { directory in
                let url = directory.appendingPathComponent("embeddings.f32")
                let data = try Data(contentsOf: url)
                try Data(data.prefix(data.count - 2 * 4096 * 4)).write(to: url)
            }),
        ]
        for (index, (label, damage, status, mention)) in refused.enumerated() {
            let copy = scratch.url.appendingPathComponent("refused-\(index)")
            try FileManager.default.copyItem(at: original, to: copy)
            try damage(copy)
            let result = try await ChildProcess.run(binary, GenerateHarness.arguments(out: copy, server: server, count: 6) + ["--resume"], environment: env)
            #expect(!result.signalled && result.status == status, "\(label): exit \(result.status): \(result.stderr)")
            #expect(result.stderr.contains(mention), "\(label): names \(mention): \(result.stderr)")
        }
        for (index, (label, damage)) in repaired.enumerated() {
            let copy = scratch.url.appendingPathComponent("repaired-\(index)")
            try FileManager.default.copyItem(at: original, to: copy)
            try damage(copy)
            let result = try await ChildProcess.run(binary, GenerateHarness.arguments(out: copy, server: server, count: 6) + ["--resume"], environment: env)
            #expect(result.status == 0, "\(label): \(result.stderr)")
            let check = try await RunDirectoryCheck(copy)
            #expect(check.personas.count == 6, "\(label)")
        }
    }

    @Test("Malformed labelled-pair files given to spb-analyze thresholds exit 65 naming the file",
          .enabled(if: Binaries.analyze != nil, Comment(rawValue: Binaries.skipMessage("spb-analyze"))))
    func pairFiles() async throws {
        let binary = try #require(Binaries.analyze)
        let scratch = try ScratchDirectory("cli-pairs")
        defer { scratch.remove() }
        let good = try scratch.write("pairs.tsv", Samples.pairsTSV)
        let clean = try await ChildProcess.run(binary, ["thresholds", "--pairs", good.path, "--scorers", "jaccard"])
        #expect(clean.status == 0, "\(clean.stderr)")
        var invalid = Data(Samples.pairsTSV.utf8)
        invalid.insert(contentsOf: [0xFF, 0xFE], at: 60)
        let variants: [(String, Data)] = [
            ("bad label", Data(Samples.pairsTSV.replacingOccurrences(of: "clocks.\t1", with: "clocks.\tmaybe").utf8)),
            ("missing column", Data(Samples.pairsTSV.replacingOccurrences(of: "\tAt noon the ferry departed.\t1", with: "").utf8)),
            ("invalid UTF-8", invalid),
        ]
        for (label, data) in variants {
            let url = try scratch.write("bad-pairs.tsv", data)
            let result = try await ChildProcess.run(binary, ["thresholds", "--pairs", url.path, "--scorers", "jaccard"])
            #expect(!result.signalled && result.status == 65, "\(label): exit \(result.status): \(result.stderr)")
            #expect(result.stderr.contains("bad-pairs.tsv"), "\(label): \(result.stderr)")
        }
    }
}

/// `spb-analyze audit` on persona and text files with bad records, in every format: strict
/// mode exits 65 naming file and line; `--skip-invalid` skips and reports them.
@Suite("Bad input: spb-analyze audit", .serialized, .enabled(if: Binaries.analyzeAudit != nil, Comment(rawValue: Binaries.skipMessage("spb-analyze"))))
struct AuditBadInputTests {
    /// (file name, extra options, content, line of the first bad record, bad records).
    static var cases: [(name: String, options: [String], data: Data, line: Int, bad: Int)] {
        let objects = Samples.personaObjects
        let wrongAge = objects[1].replacingOccurrences(of: #""age":61"#, with: #""age":"sixty""#)
        let invalid = Data(objects[3].utf8).replacingOccurrences(of: "archivist", with: [0x61, 0xFF, 0xFE, 0x62])
        var jsonl = Data((objects[0] + "\n" + wrongAge + "\n" + objects[2] + "\n").utf8)
        jsonl += invalid + Data(("\n" + objects[4] + "\n" + objects[5] + "\n").utf8)
        let array = "[\n  " + [objects[0], wrongAge, objects[2], objects[3].replacingOccurrences(of: #""traits":"#, with: #""traits":7,"x":"#),
                               objects[4], objects[5]].joined(separator: ",\n  ") + "\n]\n"
        let text = Data("A ferry mechanic who restores bicycles.\n".utf8) + Data([0x41, 0xC3, 0x28, 0x0A])
            + Data("A tram driver who keeps a diary.\nA pastry chef who sings in a choir.\n".utf8)
        let csv = Data("id,description\n1,A ferry mechanic\n2,\"An archivist".utf8) + Data([0xFF]) + Data("\"\n3,A tram driver\n4,A pastry chef\n".utf8)
        return [("bad.jsonl", [], jsonl, 2, 2), ("bad.json", [], Data(array.utf8), 3, 2), ("bad.txt", [], text, 2, 1),
                ("bad.csv", ["--column", "description"], csv, 3, 1), ("bad.parquet", [], ParquetBadInputTests.badRows, 2, 2)]
    }

    @Test("Strict mode exits 65 naming file and line; --skip-invalid reports the skipped records", arguments: 0 ..< 5)
    func badRecords(index: Int) async throws {
        let binary = try #require(Binaries.analyzeAudit)
        let (name, options, data, line, bad) = Self.cases[index]
        let scratch = try ScratchDirectory("audit-\(index)")
        defer { scratch.remove() }
        let input = try scratch.write(name, data)
        let strict = try await ChildProcess.run(binary, ["audit", input.path, "--out", scratch.url.appendingPathComponent("strict").path] + options)
        #expect(!strict.signalled && strict.status == 65, "\(name): exit \(strict.status): \(strict.stderr)")
        #expect(strict.stderr.contains("\(name):\(line)"), "\(name): names line \(line): \(strict.stderr)")

        guard SharedData.modelDirectory != nil else {
            print("skipped --skip-invalid half: MiniLM weights are absent (make setup)")
            return
        }
        let out = scratch.url.appendingPathComponent("skip")
        let skipped = try await ChildProcess.run(binary, ["audit", input.path, "--out", out.path, "--skip-invalid"] + options, timeout: .seconds(120))
        #expect(skipped.status == 0, "\(name): \(skipped.stderr.suffix(800))")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report.json"))) as? [String: Any]
        let inputSection = report?["input"] as? [String: Any]
        #expect(inputSection?["skippedRecords"] as? Int == bad, "\(name): \(inputSection ?? [:])")
    }

    @Test("Seeded random damage to a persona file never traps spb-analyze audit: exit 0 or 65 naming the file")
    func fuzzedAudit() async throws {
        let binary = try #require(Binaries.analyzeAudit)
        let scratch = try ScratchDirectory("audit-fuzz")
        defer { scratch.remove() }
        var refused = 0
        let mutations = Mutations.of(Data(Samples.personasJSONL.utf8), seed: 0xA0D17, truncations: 8, flips: 10)
        for mutation in mutations {
            let input = try scratch.write("fuzz.jsonl", mutation.bytes)
            let result = try await ChildProcess.run(binary, ["audit", input.path, "--out", scratch.url.appendingPathComponent("out").path], timeout: .seconds(120))
            #expect(!result.signalled, "\(mutation): trapped (signal \(result.status - 128))")
            #expect(result.status == 0 || result.status == 65, "\(mutation): exit \(result.status): \(result.stderr.suffix(400))")
            if result.status == 65 {
                refused += 1
                #expect(result.stderr.contains("fuzz.jsonl"), "\(mutation): \(result.stderr)")
            }
        }
        #expect(refused > mutations.count / 3, "most damaged files are refused (\(refused)/\(mutations.count))")
    }
}
