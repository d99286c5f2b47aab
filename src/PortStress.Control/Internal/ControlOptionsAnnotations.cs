using Microsoft.Extensions.Options;

namespace PortStress.Control.Internal;

/// <summary>Checks the DataAnnotations on <see cref="ControlOptions"/> and its nested sections (source-generated, no reflection).</summary>
[OptionsValidator]
internal sealed partial class ControlOptionsAnnotations : IValidateOptions<ControlOptions>
{
}
