using CoreDataConverter = DurableTask.Core.Serializing.DataConverter;
using SdkDataConverter = Microsoft.DurableTask.DataConverter;

namespace ScriptHarness.Durable.Shims;

/// <summary>
/// A DTFx data converter that delegates to the SDK's (System.Text.Json), so that what
/// <c>TaskHubClient</c> writes (inputs, event payloads) is exactly what the SDK shims read.
/// </summary>
internal sealed class SdkDataConverterBridge : CoreDataConverter
{
    private readonly SdkDataConverter inner;

    public SdkDataConverterBridge(SdkDataConverter inner) => this.inner = inner;

    public override string Serialize(object value) => this.inner.Serialize(value)!;

    public override string Serialize(object value, bool formatted) => this.inner.Serialize(value)!;

    public override object Deserialize(string data, Type objectType) => this.inner.Deserialize(data, objectType)!;
}
