import Foundation
import Testing
import TestSupport

/// `spb-analyze thresholds --pairs --judge-base-url …` through the real binary, with the default
/// band (no `--judge-band`): the band comes from the score in use, and in-band pairs reach the judge.
@Suite("spb-analyze thresholds: the judge from the command line", .serialized,
       .enabled(if: Binaries.analyze != nil, Comment(rawValue: Binaries.skipMessage("spb-analyze"))),
       .enabled(if: SharedData.modelDirectory != nil, "skipped: no MiniLM weights in models/ (bash scripts/setup.sh)"))
struct ThresholdsJudgeCommandTests {
    @Test("--score fields with the default band: exit 0, the judge is asked, both stages are reported")
    func defaultBand() async throws {
        let binary = try #require(Binaries.analyze)
        let scratch = try ScratchDirectory("judge-cli")
        defer { scratch.remove() }
        func persona(_ name: String, _ background: String) -> String {
            #"{"name": "\#(name)", "username": null, "age": 41, "traits": ["calm", "wry", "kind"], "background": "\#(background)", "chatting_style": "Short, dry replies with the odd pun."}"#
        }
        let pairs = [
            (1, persona("Ines", "Runs the night ferry between two fjord villages and keeps a logbook of every whale she has seen since 2009."),
             persona("Ines", "Captains the night ferry linking two fjord villages; her logbook lists every whale sighted since 2009.")),
            (0, persona("Ola", "Runs the night ferry between two fjord villages and keeps a logbook of every whale she has seen since 2009."),
             persona("Ola", "Repairs ferry engines in a city shipyard and has never been on the night crossing she services.")),
        ].enumerated().map { index, pair in
            #"{"id": "j-\#(index)", "label": \#(pair.0), "kind": "k", "a": \#(pair.1), "b": \#(pair.2)}"#
        }
        let file = try scratch.write("pairs.jsonl", pairs.joined(separator: "\n") + "\n")
        try await LoopbackHTTPServer.withServer({ _ in OpenAIScript.judgeVerdict(same: false, reason: "scripted") }) { server in
            let result = try await ChildProcess.run(binary, ["thresholds", "--pairs", "--score", "fields", "--judge-base-url", server.baseURL.absoluteString,
                                                       "--judge-model", "judge-m", file.path], timeout: .seconds(180))
            #expect(result.status == 0, "\(result.stderr.suffix(800))")
            #expect(result.stdout.contains("LLM judge") && result.stdout.contains("in band:"), "\(result.stdout.suffix(800))")
        }
    }
}
