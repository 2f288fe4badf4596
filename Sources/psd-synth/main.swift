// psd-synth: writes a synthetic Home Credit data set (the eight Kaggle CSV files plus true_pd.csv).
import Foundation
import PSDSynth

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("psd-synth: error: \(message)\n".utf8))
  exit(2)
}

do {
  guard let options = try SynthOptions.parse(Array(CommandLine.arguments.dropFirst())) else {
    print(SynthOptions.usage)
    exit(0)
  }
  let summary = try SynthGenerator.run(options)
  for file in summary.files {
    let padded = file.name + String(repeating: " ", count: max(0, 28 - file.name.count))
    print(padded + String(format: "%12d rows %14d bytes", file.rows, file.bytes))
  }
  let rate = summary.trainCount > 0 ? Double(summary.trainPositives) / Double(summary.trainCount) : 0
  print(
    String(format: "TARGET positive rate %.4f %% (%d of %d)", rate * 100, summary.trainPositives, summary.trainCount))
  print(
    String(format: "%d rows, %.1f MB in %.1f s", summary.totalRows, Double(summary.totalBytes) / 1e6, summary.seconds))
} catch let error as SynthError {
  fail(error.message + "\n" + SynthOptions.usage)
} catch {
  fail("\(error)")
}
