import Foundation
import Counter

/// A certificate's A4 page as PDF, printed by headless Chromium from Debian (the same page a
/// clerk would print from the browser). Not byte-stable between runs (Chromium stamps dates):
/// a certificate's fingerprint belongs to its content, never to the PDF.
struct PDFRenderer: Sendable {
    let executable: String?

    init(executable: String? = PDFRenderer.findChromium()) { self.executable = executable }

    var available: Bool { executable != nil }

    static func findChromium() -> String? {
        let env = ProcessInfo.processInfo.environment
        if let c = env["KAISEI_CHROMIUM"], FileManager.default.isExecutableFile(atPath: c) { return c }
        let path = (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for dir in path + ["/usr/bin", "/usr/lib/chromium"] {
            for name in ["chromium", "chromium-browser", "google-chrome"] {
                let p = dir + "/" + name
                if FileManager.default.isExecutableFile(atPath: p) { return p }
            }
        }
        return nil
    }

    func render(_ html: String) throws -> [UInt8] {
        guard let executable else { throw CounterError.unavailable("no Chromium to print the PDF") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("certificate.html"), output = dir.appendingPathComponent("certificate.pdf")
        try Data(html.utf8).write(to: input)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--user-data-dir=\(dir.path)/profile",
                       "--print-to-pdf=\(output.path)", input.absoluteString]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(60)
        while p.isRunning && Date() < deadline { usleep(20_000) }
        if p.isRunning { p.terminate(); throw CounterError.unavailable("printing the PDF took too long") }
        guard let data = try? Data(contentsOf: output), data.starts(with: Array("%PDF".utf8)) else {
            throw CounterError.unavailable("Chromium did not print the PDF")
        }
        return [UInt8](data)
    }
}
