package io.ripcord.problem;


import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Problems as JSON, for the commands whose {@code --json} output a tool reads: the document a failed command prints in
 * place of its result, with each problem's code, the exit code and where it is. Key order is fixed.
 */
public final class ProblemJson {

    public static final String FORMAT = "ripcord-problems/1";

    private ProblemJson() {
    }

    /** One problem as plain data (code, message, file, line, column, didYouMean, next). */
    public static Map<String, Object> data(Problem problem) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("code", problem.code().name());
        p.put("message", problem.message());
        SourceLocation where = problem.location();
        p.put("file", where == null ? null : where.file());
        p.put("line", where == null || where.line() <= 0 ? null : where.line());
        p.put("column", where == null || where.column() <= 0 ? null : where.column());
        p.put("didYouMean", problem.didYouMean());
        p.put("next", problem.next());
        return p;
    }

    /** {@code redact} rewrites the data before encoding: JSON escaping would hide a secret from a textual redaction. */
    public static String render(List<Problem> problems, UnaryOperator<Object> redact) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("exitCode", problems.isEmpty() ? ExitCode.INTERNAL_ERROR.code : problems.get(0).code().exitCode.code);
        List<Object> list = new ArrayList<>();
        problems.forEach(p -> list.add(data(p)));
        root.put("problems", list);
        return io.ripcord.report.JsonDocument.render(redact.apply(root));
    }
}
