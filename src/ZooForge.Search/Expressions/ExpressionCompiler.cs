using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ZooForge.Search.Expressions;

/// <summary>
/// Compiles objective and constraint expressions such as <c>latency_ms &lt;= 5</c> or
/// <c>accuracy - 0.3 * energy_mj</c>. Roslyn parses the text as a C# expression; the syntax
/// tree is then walked and only an allowlisted subset is accepted: numeric literals, the
/// metric names of <see cref="Metrics"/>, <c>+ - * /</c>, unary <c>- + !</c>, comparisons,
/// <c>&amp;&amp; ||</c>, parentheses, and calls of <c>min max abs log exp</c>. Anything else
/// is rejected naming the token and its column. The accepted tree is translated into closures;
/// no user code is ever compiled or run.
/// </summary>
public static class ExpressionCompiler
{
    private static readonly Dictionary<string, (int Arity, Func<double[], double> Apply)> Functions = new(StringComparer.Ordinal)
    {
        ["min"] = (2, a => Math.Min(a[0], a[1])),
        ["max"] = (2, a => Math.Max(a[0], a[1])),
        ["abs"] = (1, a => Math.Abs(a[0])),
        ["log"] = (1, a => Math.Log(a[0])),
        ["exp"] = (1, a => Math.Exp(a[0])),
    };

    private sealed record Node(bool IsCondition, Func<IReadOnlyDictionary<string, double>, double> Evaluate);

    /// <summary>Compiles <paramref name="text"/>.</summary>
    /// <exception cref="ExpressionException">The text is not in the allowed subset.</exception>
    public static CompiledExpression Compile(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ExpressionException("expression is empty", 1);
        var syntax = SyntaxFactory.ParseExpression(text);
        var error = syntax.GetDiagnostics().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
        if (error is not null)
        {
            int column = Math.Min(error.Location.SourceSpan.Start, text.Length) + 1;
            throw new ExpressionException($"expression '{text}': syntax error at column {column}: {error.GetMessage()}", column);
        }
        var metrics = new SortedSet<string>(StringComparer.Ordinal);
        var node = Walk(syntax, text, metrics);
        return new CompiledExpression(text, node.IsCondition, metrics, node.Evaluate);
    }

    /// <summary>Compiles a constraint: the expression must be a condition.</summary>
    /// <exception cref="ExpressionException">Not allowed, or a number rather than a condition.</exception>
    public static CompiledExpression CompileCondition(string text)
    {
        var e = Compile(text);
        if (!e.IsCondition) throw new ExpressionException($"expression '{text}': a constraint must be a comparison (e.g. 'latency_ms <= 5'), not a number", 1);
        return e;
    }

    /// <summary>Compiles an objective: the expression must be a number.</summary>
    /// <exception cref="ExpressionException">Not allowed, or a condition rather than a number.</exception>
    public static CompiledExpression CompileNumber(string text)
    {
        var e = Compile(text);
        if (e.IsCondition) throw new ExpressionException($"expression '{text}': an objective must be a number (e.g. 'accuracy - 0.1 * energy_mj'), not a condition", 1);
        return e;
    }

    private static Node Walk(ExpressionSyntax syntax, string text, ISet<string> metrics)
    {
        switch (syntax)
        {
            case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NumericLiteralExpression } literal:
                double value = Convert.ToDouble(literal.Token.Value, System.Globalization.CultureInfo.InvariantCulture);
                return new Node(false, _ => value);
            case IdentifierNameSyntax identifier:
            {
                string name = identifier.Identifier.ValueText;
                if (!Metrics.All.Contains(name))
                    throw Reject(identifier, text, $"unknown name '{name}' (known metrics: {string.Join(", ", Metrics.All)})");
                metrics.Add(name);
                return new Node(false, m => m[name]);
            }
            case ParenthesizedExpressionSyntax parenthesized:
                return Walk(parenthesized.Expression, text, metrics);
            case PrefixUnaryExpressionSyntax unary:
            {
                var operand = Walk(unary.Operand, text, metrics);
                return unary.Kind() switch
                {
                    SyntaxKind.UnaryMinusExpression => Numeric(operand, unary, text, v => -v),
                    SyntaxKind.UnaryPlusExpression => Numeric(operand, unary, text, v => v),
                    SyntaxKind.LogicalNotExpression => operand.IsCondition
                        ? new Node(true, m => operand.Evaluate(m) != 0 ? 0 : 1)
                        : throw Reject(unary.OperatorToken, text, "'!' needs a condition"),
                    _ => throw Reject(unary.OperatorToken, text, $"operator '{unary.OperatorToken.Text}' is not allowed"),
                };
            }
            case BinaryExpressionSyntax binary:
                return Binary(binary, text, metrics);
            case InvocationExpressionSyntax call:
                return Call(call, text, metrics);
            case AssignmentExpressionSyntax assignment:
                throw Reject(assignment.OperatorToken, text, $"assignment '{assignment.OperatorToken.Text}' is not allowed (compare with '==')");
            case ConditionalExpressionSyntax conditional:
                throw Reject(conditional.QuestionToken, text, "the conditional operator '?:' is not allowed");
            default:
                throw Reject(syntax, text, $"'{FirstToken(syntax)}' is not allowed ({syntax.Kind()})");
        }
    }

    private static Node Binary(BinaryExpressionSyntax b, string text, ISet<string> metrics)
    {
        var left = Walk(b.Left, text, metrics);
        var right = Walk(b.Right, text, metrics);
        var (l, r) = (left.Evaluate, right.Evaluate);
        Node Arithmetic(Func<double, double, double> op)
        {
            if (left.IsCondition || right.IsCondition) throw Reject(b.OperatorToken, text, $"'{b.OperatorToken.Text}' needs numbers, not conditions");
            return new Node(false, m => op(l(m), r(m)));
        }
        Node Comparison(Func<double, double, bool> op)
        {
            if (left.IsCondition || right.IsCondition) throw Reject(b.OperatorToken, text, $"'{b.OperatorToken.Text}' compares numbers, not conditions");
            return new Node(true, m => op(l(m), r(m)) ? 1 : 0);
        }
        Node Logical(bool and)
        {
            if (!left.IsCondition || !right.IsCondition) throw Reject(b.OperatorToken, text, $"'{b.OperatorToken.Text}' joins conditions, not numbers");
            return and ? new Node(true, m => l(m) != 0 && r(m) != 0 ? 1 : 0) : new Node(true, m => l(m) != 0 || r(m) != 0 ? 1 : 0);
        }
        return b.Kind() switch
        {
            SyntaxKind.AddExpression => Arithmetic((x, y) => x + y),
            SyntaxKind.SubtractExpression => Arithmetic((x, y) => x - y),
            SyntaxKind.MultiplyExpression => Arithmetic((x, y) => x * y),
            SyntaxKind.DivideExpression => Arithmetic((x, y) => x / y),
            SyntaxKind.LessThanExpression => Comparison((x, y) => x < y),
            SyntaxKind.LessThanOrEqualExpression => Comparison((x, y) => x <= y),
            SyntaxKind.GreaterThanExpression => Comparison((x, y) => x > y),
            SyntaxKind.GreaterThanOrEqualExpression => Comparison((x, y) => x >= y),
            SyntaxKind.EqualsExpression => Comparison((x, y) => x == y),
            SyntaxKind.NotEqualsExpression => Comparison((x, y) => x != y),
            SyntaxKind.LogicalAndExpression => Logical(and: true),
            SyntaxKind.LogicalOrExpression => Logical(and: false),
            _ => throw Reject(b.OperatorToken, text, $"operator '{b.OperatorToken.Text}' is not allowed"),
        };
    }

    private static Node Call(InvocationExpressionSyntax call, string text, ISet<string> metrics)
    {
        if (call.Expression is not IdentifierNameSyntax callee || !Functions.TryGetValue(callee.Identifier.ValueText, out var function))
            throw Reject(call.Expression, text, $"'{call.Expression}' is not an allowed function (allowed: {string.Join(", ", Functions.Keys)})");
        var arguments = call.ArgumentList.Arguments;
        if (arguments.Count != function.Arity)
            throw Reject(call.Expression, text, $"'{callee.Identifier.ValueText}' takes {function.Arity} argument(s), got {arguments.Count}");
        var nodes = new List<Func<IReadOnlyDictionary<string, double>, double>>();
        foreach (var argument in arguments)
        {
            if (argument.NameColon is not null || !argument.RefKindKeyword.IsKind(SyntaxKind.None))
                throw Reject(argument, text, $"'{FirstToken(argument)}' is not allowed in an argument");
            var node = Walk(argument.Expression, text, metrics);
            if (node.IsCondition) throw Reject(argument, text, $"'{callee.Identifier.ValueText}' needs numbers, not conditions");
            nodes.Add(node.Evaluate);
        }
        var apply = function.Apply;
        return new Node(false, m =>
        {
            var values = new double[nodes.Count];
            for (int i = 0; i < values.Length; i++) values[i] = nodes[i](m);
            return apply(values);
        });
    }

    private static Node Numeric(Node operand, PrefixUnaryExpressionSyntax unary, string text, Func<double, double> op)
    {
        if (operand.IsCondition) throw Reject(unary.OperatorToken, text, $"'{unary.OperatorToken.Text}' needs a number");
        var inner = operand.Evaluate;
        return new Node(false, m => op(inner(m)));
    }

    private static string FirstToken(SyntaxNode node) => node.GetFirstToken().Text;

    private static ExpressionException Reject(SyntaxNode node, string text, string why) => Reject(node.GetFirstToken(), text, why);

    private static ExpressionException Reject(SyntaxToken token, string text, string why)
    {
        int column = token.SpanStart + 1;
        return new ExpressionException($"expression '{text}': '{token.Text}' at column {column}: {why}", column);
    }
}
