using System.Diagnostics;
using Npgsql;

namespace ZooForge.Search.Store.Postgres;

/// <summary>
/// One connection to the server that survives the server going away: an operation whose
/// connection breaks (a transient error, or the server shutting the session down) is retried on
/// a new connection with backoff until <see cref="ReconnectPolicy.ReconnectTimeout"/>. Each
/// operation must be one transaction, so rerunning it after a break is safe; the callers make
/// the one ambiguous case (a commit whose acknowledgement was lost) harmless.
/// </summary>
internal sealed class PostgresConnector : IDisposable
{
    private readonly PostgresLocation _location;
    private readonly ReconnectPolicy _policy;
    private readonly string _field;
    private NpgsqlConnection? _connection;

    /// <summary>Connects, retrying until <see cref="ReconnectPolicy.OpenTimeout"/>.</summary>
    /// <exception cref="TrialStoreException">The server cannot be reached or refuses the login.</exception>
    public PostgresConnector(PostgresLocation location, ReconnectPolicy policy, string field)
    {
        (_location, _policy, _field) = (location, policy, field);
        _connection = Connect(policy.OpenTimeout);
    }

    /// <summary>Connections made after the first one: how often the store had to reconnect.</summary>
    public int Reconnects { get; private set; }

    /// <summary>Runs <paramref name="operation"/> in a transaction, committing it; retried on a new connection when the connection breaks.</summary>
    public T InTransaction<T>(Func<NpgsqlConnection, NpgsqlTransaction, T> operation)
    {
        var clock = Stopwatch.StartNew();
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                var connection = _connection ??= Reconnect(clock);
                using var transaction = connection.BeginTransaction();
                var result = operation(connection, transaction);
                transaction.Commit();
                return result;
            }
            catch (Exception e) when ((IsBroken(e) || ConnectionLost()) && clock.Elapsed < _policy.ReconnectTimeout)
            {
                _connection?.Dispose();
                _connection = null;
                Thread.Sleep(_policy.Delay(attempt));
            }
        }
    }

    private NpgsqlConnection Reconnect(Stopwatch clock)
    {
        var connection = Connect(_policy.ReconnectTimeout - clock.Elapsed);
        Reconnects++;
        return connection;
    }

    private NpgsqlConnection Connect(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        for (int attempt = 0; ; attempt++)
        {
            var connection = new NpgsqlConnection(_location.Builder.ConnectionString);
            try
            {
                connection.Open();
                return connection;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                connection.Dispose();
                if (!IsBroken(e) || clock.Elapsed + _policy.Delay(attempt) >= timeout)
                    throw new TrialStoreException($"{_field}: cannot connect to PostgreSQL at {_location.Display}: {e.Message}", e);
                Thread.Sleep(_policy.Delay(attempt));
            }
        }
    }

    // A transient error (network, server starting or shutting down) or a session the server
    // terminated: the same operation on a new connection may succeed. Anything else, such as a
    // constraint violation or a bad login, is the caller's.
    private static bool IsBroken(Exception e) => e switch
    {
        PostgresException p => p.IsTransient || p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState is "57P01" or "57P02" or "57P03",
        NpgsqlException n => n.IsTransient || n.InnerException is IOException or System.Net.Sockets.SocketException,
        _ => false,
    };

    private bool ConnectionLost() => _connection is { FullState: System.Data.ConnectionState.Broken or System.Data.ConnectionState.Closed };

    /// <inheritdoc />
    public void Dispose() => _connection?.Dispose();
}
