using Microsoft.Extensions.Options;

namespace PortStress.Fix.Engine.Internal;

/// <summary>Checks the DataAnnotations on <see cref="FixEngineOptions"/> (source-generated, no reflection).</summary>
[OptionsValidator]
internal sealed partial class FixEngineOptionsAnnotations : IValidateOptions<FixEngineOptions>
{
}
