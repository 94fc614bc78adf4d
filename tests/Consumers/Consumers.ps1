# Shared by the consumer tests: the packages under test, clean temporary folders, and child processes whose
# environment points every per-user folder (modules, PSResourceGet settings, NuGet caches) at such a folder.
. $PSScriptRoot/../Pester/Common.ps1
$script:Packages = $env:INITIALIZERS_PACKAGES
$script:ReleaseVersion = & {
    . $PSScriptRoot/../../tools/Release.ps1
    Get-ReleaseVersion (Join-Path $PSScriptRoot '../../Initializers.psd1')
}

function New-TempFolder {
    param([string] $Prefix)
    $path = Join-Path ([System.IO.Path]::GetTempPath()) ("initializers-$Prefix-" + [guid]::NewGuid().ToString('N'))
    (New-Item -ItemType Directory -Force $path).FullName
}

function Invoke-WithEnvironment {
    # Runs $Action with the environment variables set (a $null value removes one), then puts them back.
    param([hashtable] $Environment, [scriptblock] $Action)
    $saved = @{}
    foreach ($key in $Environment.Keys) {
        $saved[$key] = [Environment]::GetEnvironmentVariable($key)
        [Environment]::SetEnvironmentVariable($key, $Environment[$key])
    }
    try { & $Action }
    finally {
        foreach ($key in $saved.Keys) { [Environment]::SetEnvironmentVariable($key, $saved[$key]) }
    }
}
