package io.hwoffload.cli.flows;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hwoffload.flows.offload.Reason;
import io.hwoffload.flows.report.FlowVerdict;
import io.hwoffload.flows.report.OffloadReport;
import io.hwoffload.flows.syntax.FlowActions;
import io.hwoffload.flows.syntax.ParseError;
import io.hwoffload.flows.tc.TcFilters;

import java.io.IOException;
import java.io.Writer;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON contract of {@code flows analyze -o json}: {@code flows[]} streamed as analyzed (so a
 * dump of millions of flows needs no memory for them), then {@code summary}, the groupings and
 * {@code errors[]}.
 */
final class JsonReportWriter implements ReportWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final JsonGenerator json;
    private ReportExtras extras = ReportExtras.NONE;

    JsonReportWriter(Writer out) {
        try {
            json = new JsonFactory(MAPPER).createGenerator(out).useDefaultPrettyPrinter();
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void begin(String source, ReportExtras extras) {
        this.extras = extras;
        try {
            json.writeStartObject();
            json.writeStringField("source", source);
            json.writeArrayFieldStart("flows");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void flow(FlowVerdict verdict) {
        try {
            writeFlow(verdict);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeFlow(FlowVerdict verdict) throws IOException {
        var flow = verdict.flow();
        json.writeStartObject();
        json.writeNumberField("line", flow.line());
        json.writeStringField("ufid", flow.ufid());
        json.writeStringField("status", verdict.status().label());
        json.writeStringField("dp", flow.dp());
        json.writeStringField("inPort", flow.keyValue("in_port"));
        json.writeNumberField("packets", flow.packets());
        json.writeNumberField("bytes", flow.bytes());
        json.writeNumberField("offloadedPackets", verdict.offloadedPackets());
        json.writeNumberField("offloadedBytes", verdict.offloadedBytes());
        json.writeArrayFieldStart("actions");
        for (String action : FlowActions.topLevel(flow.actionsText())) {
            json.writeString(action);
        }
        json.writeEndArray();
        json.writeFieldName("reasons");
        writeReasons(verdict.reasons());
        if (extras.tc() != null) {
            var filter = extras.tc().claim(flow.ufid());
            if (filter.isPresent()) {
                json.writeObjectField("tc", filter.get());
                if (filter.get().softwareShare().isPresent()) {
                    json.writeNumberField("tcSoftwareShare", filter.get().softwareShare().get());
                }
            }
        }
        json.writeEndObject();
    }

    private void writeReasons(List<Reason> reasons) throws IOException {
        json.writeStartArray();
        for (Reason reason : reasons) {
            json.writeObject(reason);
        }
        json.writeEndArray();
    }




    @Override
    public void end(OffloadReport report) {
        try {
            json.writeEndArray();
            json.writeObjectField("summary", report.summary());
            if (extras.pods() != null) {
                json.writeObjectField("byPod", extras.pods().pods());
                json.writeObjectField("byPortRole", extras.pods().roles());
            }
            if (extras.tc() != null) {
                TcFilters tc = extras.tc();
                json.writeObjectFieldStart("tc");
                json.writeNumberField("filters", tc.size());
                json.writeNumberField("flowsWithFilter", tc.flowsWithFilter());
                json.writeNumberField("flowsWithoutFilter", tc.flowsWithoutFilter());
                json.writeObjectField("filtersWithoutFlow", tc.unclaimed());
                json.writeEndObject();
            }
            if (extras.log() != null) {
                json.writeObjectFieldStart("vswitchdLog");
                json.writeObjectField("failures", extras.log().failures());
                json.writeObjectField("refused", extras.log().messages());
                json.writeEndObject();
            }
            json.writeObjectField("byStatus", report.byStatus());
            json.writeObjectField("byInPort", report.byInPort());
            json.writeObjectField("byOutPort", report.byOutPort());
            json.writeObjectField("byReason", report.byReason());
            json.writeArrayFieldStart("topNotOffloaded");
            for (FlowVerdict verdict : report.topNotOffloaded()) {
                writeFlow(verdict);
            }
            json.writeEndArray();
            json.writeObjectField("recircChains", report.recircChains());
            json.writeArrayFieldStart("errors");
            for (ParseError error : report.errors()) {
                json.writeObject(error);
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeRaw('\n');
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
