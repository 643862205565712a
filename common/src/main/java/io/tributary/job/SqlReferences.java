package io.tributary.job;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ParsedStatement;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * The tables a SQL statement reads, found with Spark's own parser so that aliases, subqueries, CTEs and string
 * literals that merely look like {@code FROM x} are handled exactly as Spark will when the job runs.
 */
final class SqlReferences {

    /**
     * Either the referenced table names (multi-part names joined with '.') or why the SQL did not parse.
     *
     * @param statementKind set when the SQL parsed but is a command (DROP, INSERT, SHOW...) rather than a query
     */
    record Result(Set<String> tables, Optional<String> parseError, int parseErrorLine,
                  Optional<String> statementKind) {
    }

    private SqlReferences() {
    }

    static Result of(String sql) {
        LogicalPlan plan;
        try {
            plan = CatalystSqlParser$.MODULE$.parsePlan(sql);
        } catch (Exception e) {
            // Scala does not declare ParseException, so javac will not let us catch it by name.
            if (e instanceof AnalysisException analysis) {
                int line = analysis.line().isDefined() ? (Integer) analysis.line().get() : 1;
                return new Result(Set.of(), Optional.of(firstLine(analysis.getSimpleMessage())), line, Optional.empty());
            }
            throw e;
        }
        // A step's result becomes a view and a Hive source's result a DataFrame: both must be queries.
        if (plan instanceof Command || plan instanceof ParsedStatement) {
            return new Result(Set.of(), Optional.empty(), 0, Optional.of(plan.nodeName()));
        }
        Set<String> tables = new LinkedHashSet<>();
        Set<String> cteNames = new LinkedHashSet<>();
        collect(plan, tables, cteNames);
        // CTE names are local to the statement; dropping them anywhere is a slight over-approximation of scoping.
        tables.removeIf(table -> cteNames.contains(table.toLowerCase(Locale.ROOT)));
        return new Result(tables, Optional.empty(), 0, Optional.empty());
    }

    private static void collect(LogicalPlan plan, Set<String> tables, Set<String> cteNames) {
        if (plan instanceof UnresolvedRelation relation) {
            tables.add(String.join(".", JavaConverters.seqAsJavaList(relation.multipartIdentifier())));
        }
        if (plan instanceof UnresolvedWith with) {
            for (Tuple2<String, ?> cte : JavaConverters.seqAsJavaList(with.cteRelations())) {
                cteNames.add(cte._1().toLowerCase(Locale.ROOT));
            }
        }
        for (LogicalPlan child : JavaConverters.seqAsJavaList(plan.children())) {
            collect(child, tables, cteNames);
        }
        // CTE bodies are inner children, not children.
        for (Object inner : JavaConverters.seqAsJavaList(plan.innerChildren())) {
            if (inner instanceof LogicalPlan innerPlan) {
                collect(innerPlan, tables, cteNames);
            }
        }
        for (Expression expression : JavaConverters.seqAsJavaList(plan.expressions())) {
            collect(expression, tables, cteNames);
        }
    }

    private static void collect(Expression expression, Set<String> tables, Set<String> cteNames) {
        if (expression instanceof SubqueryExpression subquery) {
            collect(subquery.plan(), tables, cteNames);
        }
        for (Expression child : JavaConverters.seqAsJavaList(expression.children())) {
            collect(child, tables, cteNames);
        }
    }

    private static String firstLine(String message) {
        List<String> lines = new ArrayList<>();
        for (String line : message.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines.isEmpty() ? "syntax error" : lines.get(0);
    }
}
