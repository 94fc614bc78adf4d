@{
    # The one place the version lives: build.ps1 passes it to dotnet as -p:Version.
    ModuleVersion        = '0.1.0'
    GUID                 = '5d0f6c0e-2b7a-4f4e-9d86-3f4f0b7c1a21'
    RootModule           = 'Initializers.PowerShell.dll'
    Author               = 'Initializers contributors'
    CompanyName          = 'Initializers contributors'
    Copyright            = '(c) Initializers contributors. MIT License.'
    Description          = 'The TensorFlow/Keras weight-initializer family for PowerShell: create initialized tensors, and read, write and convert Keras initializer configs in JSON and YAML.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')
    FormatsToProcess     = @('Initializers.Format.ps1xml')
    TypesToProcess       = @('Initializers.Types.ps1xml')
    CmdletsToExport      = @(
        'Convert-Initializer'
        'ConvertFrom-InitializerConfig'
        'ConvertTo-InitializerConfig'
        'Export-InitializerConfig'
        'Export-Tensor'
        'Get-Initializer'
        'Get-InitializerConfig'
        'Get-InitializerGain'
        'Get-ModelInitializer'
        'Import-InitializerConfig'
        'Import-Tensor'
        'Initialize-ModelWeight'
        'Measure-Tensor'
        'Join-TensorShard'
        'New-Initializer'
        'New-Tensor'
        'New-ZerosTensor'
        'Set-ModelInitializer'
        'Test-InitializerConfig'
        'Test-ModelConfig'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Keras', 'TensorFlow', 'Initializer', 'Tensor', 'MachineLearning', 'Yaml', 'Json', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://example.invalid/initializers/blob/main/LICENSE'
            ProjectUri   = 'https://example.invalid/initializers'
            # build.ps1 replaces this line in the laid-out manifest with the CHANGELOG.md section of this version
            # (tools/Release.ps1: a prerelease without its own section takes "## [Unreleased]").
            ReleaseNotes = 'See CHANGELOG.md in the module folder.'
            # With ModuleVersion, the SemVer version of both packages: 0.1.0-preview1 (ASCII letters and digits only).
            Prerelease   = 'preview1'
            RequireLicenseAcceptance = $false
        }
    }
}
