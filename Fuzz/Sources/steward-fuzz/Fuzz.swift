import Foundation
import StewardServer

/// libFuzzer's entry (`swift build -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING`, see Fuzz/README.md).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    RequestFuzzing.run(Data(bytes: bytes, count: count))
    return 0
}

#if FUZZING
/// libFuzzer's driver, called from the entry point SwiftPM gives an executable (`steward_fuzz_main`).
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("steward_fuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments) { bytes, size in fuzz(bytes, size) }
}
#else
/// Without libFuzzer: replays every file of the given corpus directories, so CI keeps the corpus passing.
@main
struct ReplayCorpus {
    static func main() throws {
        var replayed = 0
        for directory in CommandLine.arguments.dropFirst() {
            for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() {
                let data = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(name))
                _ = data.withUnsafeBytes { fuzz($0.bindMemory(to: UInt8.self).baseAddress ?? UnsafePointer(bitPattern: 1)!, data.count) }
                replayed += 1
            }
        }
        print("replayed \(replayed) inputs")
    }
}
#endif
