package io.github.kinesisproducer.bench;

import io.github.kinesisproducer.bench.sink.Billing;
import java.io.PrintStream;
import java.util.List;

/**
 * What the user pays for each run's records, from the Kinesis records the sink received in the timed window: billed
 * units per million user records in provisioned mode (PUT payload units) and on-demand mode (billed KB of data in).
 * Needs the sink's counters only, so it holds whether the sink decodes or not.
 */
final class BillingTable {
    private BillingTable() {
    }

    static void print(PrintStream out, List<RunResult> runs) {
        out.println("what the user pays, per million user records (" + Billing.RULE + "; the data-only columns leave"
                + " the key out, which the pricing page does not settle):");
        String fmt = "%-14s %12s %12s %10s %12s %14s %10s %12s %14s%n";
        out.printf(fmt, "prod", "user recs", "Kinesis/M", "B/record", "PPU/M", "on-demand KB/M", "OD GB/M",
                "PPU/M data", "OD KB/M data");
        for (RunResult r : runs) {
            if (!r.hasResult()) {
                continue;
            }
            if (r.sendsNothing()) {
                out.printf("%-14s %12d %s%n", r.producer, r.records(), "  (sends nothing: no Kinesis records to bill)");
                continue;
            }
            double onDemandKb = r.perMillionUserRecords("sink.onDemandKb");
            out.printf(fmt, r.producer, r.records(), f(r.kinesisRecordsPerMillion(), 0), f(r.bytesPerKinesisRecord(), 0),
                    f(r.perMillionUserRecords("sink.putPayloadUnits"), 0), f(onDemandKb, 0),
                    f(onDemandKb / (1024.0 * 1024.0), 3),
                    f(r.perMillionUserRecords("sink.putPayloadUnitsDataOnly"), 0),
                    f(r.perMillionUserRecords("sink.onDemandKbDataOnly"), 0));
        }
        out.println("PPU = provisioned PUT payload units (billed per million units); on-demand KB = data in rounded up"
                + " per record (billed per GB; GB here = 1,024 x 1,024 KB); B/record = mean Kinesis record, data + key.");
    }

    private static String f(double v, int decimals) {
        return ResultTable.f(v, decimals);
    }
}
