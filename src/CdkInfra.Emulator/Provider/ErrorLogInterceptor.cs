using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CdkInfra.Emulator.Provider;

/// <summary>
/// Writes an exception a call throws to standard error (the driver keeps it in logs/emulator.err and shows it when
/// Terraform says the plugin did not respond): a fault of the emulator must be readable, not only Terraform's summary.
/// </summary>
internal sealed class ErrorLogInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RpcException)
        {
            await Console.Error.WriteLineAsync($"emulator: {context.Method} failed: {e}").ConfigureAwait(false);
            throw;
        }
    }
}
